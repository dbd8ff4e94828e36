#include "spec/threshold.h"

#include "spec/timed_model.h"

namespace smsmc::spec {

ThresholdResult find_threshold(const Variant& variant, const TimingProfile& profile, const ThresholdOptions& options) {
  ThresholdResult out;
  for (int m = 0; m <= options.max_m; ++m) {
    Config config;
    config.variant = &variant;
    config.sites = options.sites;
    config.logon_servers = m;
    const TimedProtocolModel model(config, profile);
    const bool first_race = !out.m_star.has_value();
    const mc::timed::TimedResult result = mc::timed::ZoneChecker(model)
                                              .only({race_property})
                                              .timed_runs(first_race)
                                              .timeout(options.timeout)
                                              .run();
    out.zones_stored += result.stats.stored;
    out.zones_visited += result.stats.visited;
    out.seconds += result.stats.seconds;
    const mc::timed::TimedPropertyResult* race = result.find(race_property);
    const mc::Verdict verdict = race != nullptr ? race->verdict : mc::Verdict::unknown;
    out.verdicts.push_back(verdict);
    if (verdict == mc::Verdict::unknown) out.complete = false;
    if (verdict == mc::Verdict::violated && first_race) {
      out.m_star = m;
      out.path = race->path;
      out.run = race->run;
      if (!options.every_m) break;
    }
  }
  return out;
}

ClosedForm closed_form(const Variant& variant, const TimingProfile& profile) {
  ClosedForm out;
  const sm::Switches& s = variant.switches;
  auto lo = [&](const char* name) { return profile.at(name).lo; };
  auto hi = [&](const char* name) { return profile.at(name).hi; };
  const std::int64_t package = lo("hm.send_package") + lo("link.transit") + lo("despooler.execute");
  out.known = true;
  if (s.handshake() || s.deferral() == sm::ConfigDeferral::while_ubs_installed) {
    out.formula = "never: the package reaches a despooler that is stopped or defers it";
    return out;
  }
  // An unbounded hi on the shutdown side makes its chain as slow as wanted.
  auto sum_hi = [&](std::initializer_list<const char*> names) {
    std::int64_t total = 0;
    for (const char* n : names) {
      if (hi(n) == Duration::unbounded) return Duration::unbounded;
      total += hi(n);
    }
    return total;
  };
  if (s.deferral() == sm::ConfigDeferral::once_shutdown_requested) {
    out.formula = "lo(send) + lo(transit) + lo(execute) <= hi(ubs.write_shutdown)";
    if (package <= sum_hi({"ubs.write_shutdown"})) {
      out.m_star = 0;
      out.racy_for_every_m = true;
    }
    return out;
  }
  const std::int64_t before = sum_hi({"ubs.write_shutdown", "scm.begin_shutdown", "scm.stop_despooler"});
  if (s.shutdown_order() == sm::ShutdownOrder::despooler_first) {
    out.formula = "lo(send) + lo(transit) + lo(execute) <= hi(write_shutdown) + hi(begin_shutdown) + hi(stop_despooler)";
    if (package <= before) {
      out.m_star = 0;
      out.racy_for_every_m = true;
    }
    return out;
  }
  out.formula =
      "lo(send) + lo(transit) + lo(execute) <= hi(write_shutdown) + hi(begin_shutdown) + M * hi(stop_logon_server) + "
      "hi(stop_despooler)";
  out.racy_for_every_m = true;  // the right-hand side grows with M
  if (package <= before) {
    out.m_star = 0;
    return out;
  }
  const std::int64_t per = hi("scm.stop_logon_server");
  if (before == Duration::unbounded || per == Duration::unbounded) {
    out.m_star = before == Duration::unbounded ? 0 : 1;
    return out;
  }
  if (per == 0) {
    out.racy_for_every_m = false;
    return out;  // race-free for every M
  }
  const std::int64_t gap = package - before;
  out.m_star = static_cast<int>((gap + per - 1) / per);
  return out;
}

}  // namespace smsmc::spec
