// The case language of the machine tests: building a case, naming rows,
// the dimensions a guard may read, and the registry of test files.
#include "tests/machines/harness.h"

#include <cctype>
#include <ostream>
#include <stdexcept>

namespace smsmc::sm::machines {

std::vector<Step> operator+(std::vector<Step> first, const std::vector<Step>& then) {
  first.insert(first.end(), then.begin(), then.end());
  return first;
}

int find_row(const RowKey& key) {
  const Registry& registry = Registry::protocol();
  if (key.service < 0 || key.service >= registry.size()) return -1;
  const std::vector<CompiledRow>& rows = registry.machine(key.service).rows;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const CompiledRow& r = rows[i];
    if (r.source == key.source && static_cast<int>(r.event) == key.event && r.target == key.target &&
        r.guard == key.guard)
      return static_cast<int>(i);
  }
  return -1;
}

std::string describe_row(int service, int row) {
  const MachineInfo& info = Registry::protocol().machine(service);
  const CompiledRow& r = info.rows[static_cast<std::size_t>(row)];
  std::string out = std::string(info.name) + ": " + info.states[r.source] + " --" + info.events[r.event].name + "--> " +
                    info.states[r.target];
  if (r.guard != nullptr) out += std::string(" [") + r.guard_name + "]";
  if (r.action != nullptr) out += std::string(" / ") + r.action_name;
  return out;
}

// ---- building a case -------------------------------------------------------

Case Case::under(Switches switches) const {
  Case out = *this;
  out.switches_ = switches;
  return out;
}

Case Case::operator_on_duty(bool on) const {
  Case out = *this;
  out.on_duty_ = on;
  return out;
}

Case Case::timed(bool on) const {
  Case out = *this;
  out.timed_ = on;
  return out;
}

Case Case::parent(SharedParent shared) const {
  Case out = *this;
  out.parent_ = shared;
  return out;
}

Case Case::logon_servers(int count) const {
  Case out = *this;
  out.logon_servers_ = count;
  return out;
}

Case Case::given(const std::vector<Step>& steps) const {
  Case out = *this;
  out.given_ = out.given_ + steps;
  return out;
}

Case Case::fire(Step step) const {
  Case out = *this;
  out.fired_ = step;
  return out;
}

Case Case::takes(const RowKey& row, int index) const {
  Case out = *this;
  if (out.fired_.event < 0) out.fired_ = {{row.service, index}, row.event};
  out.taken_ = row;
  out.outcome_set_ = true;
  return out;
}

Case Case::takes_nothing() const {
  Case out = *this;
  out.outcome_set_ = true;
  return out;
}

Case Case::unhandled() const {
  Case out = *this;
  out.unhandled_ = true;
  out.outcome_set_ = true;
  return out;
}

Case Case::refuses(const RowKey& row) const {
  Case out = *this;
  out.refused_.push_back(row);
  return out;
}

Case Case::then(const std::vector<StateIs>& states) const {
  Case out = *this;
  out.changes_.insert(out.changes_.end(), states.begin(), states.end());
  return out;
}

Case Case::sends(const std::vector<Sent>& messages) const {
  Case out = *this;
  out.messages_.insert(out.messages_.end(), messages.begin(), messages.end());
  return out;
}

Case Case::logs(const std::vector<LineIs>& lines) const {
  Case out = *this;
  out.lines_.insert(out.lines_.end(), lines.begin(), lines.end());
  return out;
}

Case Case::sets_config_failed() const {
  Case out = *this;
  out.config_failed_ = true;
  return out;
}

Case Case::sets_unhandled_event() const {
  Case out = *this;
  out.nested_unhandled_ = true;
  return out;
}

Params Case::params() const {
  Params params;
  params.sites = sites_per_case;
  params.logon_servers = logon_servers_;
  params.operator_on_duty = on_duty_;
  params.timed = timed_;
  params.switches = switches_;
  params.parent = parent_;
  return params;
}

std::string Case::incomplete() const {
  if (name_.empty()) return "a case needs a name";
  if (fired_.event < 0) return "no event fired: call fire<Service, Event>() or takes(row)";
  if (!outcome_set_) return "no outcome: call takes(row), takes_nothing() or unhandled()";
  if (expects_row() && (taken_.service != fired_.actor.service || taken_.event != fired_.event))
    return "takes a row of another event or service than the one fired";
  for (const StateIs& change : changes_) {
    if (change.actor.service == fired_.actor.service && change.actor.index == fired_.actor.index)
      return "then() names the fired actor, whose state the row gives";
  }
  const bool message =
      !Registry::protocol().machine(fired_.actor.service).events[static_cast<std::size_t>(fired_.event)].spontaneous;
  if (unhandled_ && !message) return "unhandled() is for messages; a step that no row takes is takes_nothing()";
  if (!expects_row() && !unhandled_ && message)
    return "a message that no row takes is unhandled(), not takes_nothing()";
  return "";
}

// ---- dimensions ------------------------------------------------------------

const std::vector<Dimension>& dimensions() {
  // Every switch in statemachines/switches.h and every environment a guard
  // can read (Params), with all its values: the completeness test demands a
  // case under each value for every row whose guard reads it.
  static const std::vector<Dimension> all = {
      {"handshake",
       {"off", "on"},
       [](const Params& p) { return p.switches.handshake() ? 1 : 0; },
       [](Params& p, int v) { p.switches = p.switches.handshake(v == 1); }},
      {"deferral",
       {"never", "while_ubs_installed", "once_shutdown_requested"},
       [](const Params& p) { return static_cast<int>(p.switches.deferral()); },
       [](Params& p, int v) { p.switches = p.switches.deferral(static_cast<ConfigDeferral>(v)); }},
      {"shutdown_order",
       {"logon_servers_first", "despooler_first"},
       [](const Params& p) { return static_cast<int>(p.switches.shutdown_order()); },
       [](Params& p, int v) { p.switches = p.switches.shutdown_order(static_cast<ShutdownOrder>(v)); }},
      {"environment",
       {"unattended", "operator_on_duty"},
       [](const Params& p) { return p.operator_on_duty ? 1 : 0; },
       [](Params& p, int v) { p.operator_on_duty = v == 1; }},
      {"timing",
       {"untimed", "timed"},
       [](const Params& p) { return p.timed ? 1 : 0; },
       [](Params& p, int v) { p.timed = v == 1; }},
  };
  return all;
}

// ---- test files ------------------------------------------------------------

namespace {
std::vector<MachineCases>& files() {
  static std::vector<MachineCases> all;
  return all;
}
}  // namespace

int register_cases(int service, const char* file, std::vector<Case> (*cases)()) {
  files().push_back({service, file, cases});
  return static_cast<int>(files().size()) - 1;
}

const std::vector<MachineCases>& registered_cases() { return files(); }

std::string case_name(const testing::TestParamInfo<Case>& info) {
  std::string out;
  for (char ch : info.param.name()) {
    const bool keep = std::isalnum(static_cast<unsigned char>(ch)) != 0;
    if (keep) {
      out += ch;
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

void PrintTo(const Case& c, std::ostream* out) { *out << '"' << c.name() << '"'; }

}  // namespace smsmc::sm::machines
