#include "spec/check.h"

#include <stdexcept>

namespace smsmc::spec {

const char* outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::holds: return "holds";
    case Outcome::holds_vacuously: return "holds (vacuous)";
    case Outcome::violated: return "VIOLATED";
    case Outcome::not_found: return "NOT FOUND";
    case Outcome::unreachable: return "unreachable";
    case Outcome::unknown: return "unknown";
  }
  return "?";
}

bool is_failure(Outcome outcome) { return outcome == Outcome::violated || outcome == Outcome::not_found; }

bool CheckReport::failed() const {
  for (const CheckedProperty& p : properties) {
    if (is_failure(p.outcome)) return true;
  }
  return false;
}

bool CheckReport::complete() const {
  for (const EnvironmentRun& run : runs) {
    if (!run.stats.complete && !run.stats.decided_early) return false;
  }
  for (const CheckedProperty& p : properties) {
    if (p.outcome == Outcome::unknown) return false;
  }
  return true;
}

std::string CheckReport::stopped_by() const {
  for (const EnvironmentRun& run : runs) {
    if (!run.stats.stopped_by.empty()) return run.stats.stopped_by;
  }
  return "";
}

const CheckedProperty* CheckReport::find(const std::string& name) const {
  for (const CheckedProperty& p : properties) {
    if (name == p.info->name) return &p;
  }
  return nullptr;
}

std::uint64_t CheckReport::states() const {
  std::uint64_t sum = 0;
  for (const EnvironmentRun& run : runs) sum += run.stats.states;
  return sum;
}

std::uint64_t CheckReport::transitions() const {
  std::uint64_t sum = 0;
  for (const EnvironmentRun& run : runs) sum += run.stats.transitions;
  return sum;
}

double CheckReport::seconds() const {
  double sum = 0;
  for (const EnvironmentRun& run : runs) sum += run.stats.seconds;
  return sum;
}

namespace {
Outcome outcome_of(const PropertyInfo& info, mc::Verdict verdict) {
  if (verdict == mc::Verdict::unknown) return Outcome::unknown;
  const bool holds = verdict == mc::Verdict::holds;
  switch (info.role) {
    case Role::property: return holds ? Outcome::holds : Outcome::violated;
    case Role::witness: return holds ? Outcome::holds : Outcome::not_found;
    case Role::probe: return holds ? Outcome::holds : Outcome::unreachable;
  }
  return Outcome::unknown;
}
}  // namespace

CheckReport check_protocol(const Config& config, const CheckOptions& options) {
  validate(config);
  std::vector<const PropertyInfo*> selected;
  for (const std::string& name : options.only) {
    const PropertyInfo* info = find_property(name);
    if (info == nullptr) throw std::invalid_argument("unknown property '" + name + "' (see `smsmc list`)");
  }
  for (const PropertyInfo& info : property_catalog()) {
    bool wanted = options.only.empty();
    for (const std::string& name : options.only) {
      // A selected property brings its witnesses and probes along, so a
      // narrowed check is still guarded against vacuity.
      wanted |= name == info.name || name == info.partner;
    }
    if (wanted) selected.push_back(&info);
  }

  CheckReport report;
  report.config = config;
  for (Environment environment : {Environment::unattended, Environment::operator_on_duty}) {
    std::vector<std::string> names;
    for (const PropertyInfo* info : selected) {
      if (info->environment == environment) names.emplace_back(info->name);
    }
    if (names.empty()) continue;
    Config env_config = config;
    env_config.environment = environment;
    const ProtocolModel model(env_config);
    mc::Checker checker(model);
    (void)checker.strategy(options.strategy).max_states(options.max_states).timeout(options.timeout).only(names).threads(options.threads).compact_states(options.compact_states);
    (void)checker.max_memory(options.max_memory).stop_flag(options.stop).symmetry(options.symmetry);
    if (options.progress) {
      (void)checker.on_progress([&](const mc::Progress& p) { options.progress(environment, p); });
    }
    mc::Result result = checker.run();
    report.runs.push_back({environment, result.stats});
    for (mc::PropertyResult& r : result.properties) {
      const PropertyInfo* info = find_property(r.name);
      const Outcome outcome = outcome_of(*info, r.verdict);
      report.properties.push_back({info, std::move(r), outcome});
    }
  }

  // Catalogue order, and probes qualify their partners.
  std::vector<CheckedProperty> ordered;
  for (const PropertyInfo& info : property_catalog()) {
    for (CheckedProperty& p : report.properties) {
      if (p.info == &info) ordered.push_back(std::move(p));
    }
  }
  report.properties = std::move(ordered);
  for (const CheckedProperty& probe : report.properties) {
    if (probe.info->role != Role::probe || probe.outcome != Outcome::unreachable) continue;
    for (CheckedProperty& partner : report.properties) {
      if (partner.info->name == std::string(probe.info->partner) && partner.outcome == Outcome::holds) {
        partner.outcome = Outcome::holds_vacuously;
        partner.result.note = std::string("no reachable state satisfies ") + probe.info->name +
                              ": there is nothing for it to recover from";
      }
    }
  }
  return report;
}

}  // namespace smsmc::spec
