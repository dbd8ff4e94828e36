#include "spec/properties.h"

#include "statemachines/protocol.h"

#include <stdexcept>

namespace smsmc::spec {

using mc::Expectation;

const char* role_name(Role role) {
  switch (role) {
    case Role::property: return "property";
    case Role::witness: return "witness";
    case Role::probe: return "probe";
  }
  return "?";
}

const std::vector<PropertyInfo>& property_catalog() {
  static const std::vector<PropertyInfo> catalog = {
      {"no-config-failure", Expectation::always, Role::property, Environment::unattended, "",
       "the despooler never executes the site install (CONFIG) instruction of an upgrade in progress "
       "(no error c0000001)"},
      {"no-lost-package", Expectation::always, Role::property, Environment::unattended, "",
       "a site install package is never discarded while its site's upgrade is pending"},
      {"no-deadlock", Expectation::always, Role::property, Environment::unattended, "",
       "no reachable state has nothing enabled while some site is neither upgraded nor in Emergency Restart"},
      {"no-unhandled-event", Expectation::always, Role::property, Environment::unattended, "",
       "no machine is ever sent an event its transition table does not handle (MSM no_transition)"},
      {"upgrade-completes", Expectation::eventually, Role::property, Environment::unattended, "",
       "on every fair execution every secondary site reaches Upgraded and none reaches Emergency Restart"},
      {"workaround-recovers", Expectation::eventually, Role::property, Environment::operator_on_duty, "",
       "with an operator on duty who runs PREINST /UPGRADE for a stuck site, every fair execution ends "
       "with every site upgraded"},
      {"package-reaches-inbox", Expectation::sometimes, Role::witness, Environment::unattended, "no-config-failure",
       "some execution puts the site install package in a despooler's inbox"},
      {"package-sent", Expectation::sometimes, Role::witness, Environment::unattended, "no-lost-package",
       "some execution sends the site install package"},
      {"every-site-upgraded", Expectation::sometimes, Role::witness, Environment::unattended, "upgrade-completes",
       "some execution upgrades every secondary site"},
      {"site-gets-stuck", Expectation::sometimes, Role::probe, Environment::operator_on_duty, "workaround-recovers",
       "some execution leaves a site down, waiting for a package that is nowhere (what the workaround is for)"},
  };
  return catalog;
}

const PropertyInfo* find_property(const std::string& name) {
  for (const PropertyInfo& info : property_catalog()) {
    if (name == info.name) return &info;
  }
  return nullptr;
}

namespace {
using Condition = std::function<bool(const mc::StateView&)>;

template <class SitePredicate>
Condition for_all_sites(const sm::Layout& layout, SitePredicate predicate) {
  return [&layout, predicate](const mc::StateView& view) {
    for (int site = 0; site < layout.sites(); ++site) {
      if (!predicate(layout, view.words, site)) return false;
    }
    return true;
  };
}

template <class SitePredicate>
Condition for_some_site(const sm::Layout& layout, SitePredicate predicate) {
  return [&layout, predicate](const mc::StateView& view) {
    for (int site = 0; site < layout.sites(); ++site) {
      if (predicate(layout, view.words, site)) return true;
    }
    return false;
  };
}

Condition negated(Condition condition) {
  return [condition](const mc::StateView& view) { return !condition(view); };
}

bool settled(const sm::Layout& layout, const mc::Word* state, int site) {
  return sm::site_upgraded(layout, state, site) || sm::site_in_emergency_restart(layout, state, site);
}

bool upgraded_and_no_restart(const sm::Layout& layout, const mc::Word* state, int site) {
  return sm::site_upgraded(layout, state, site) && !sm::site_in_emergency_restart(layout, state, site);
}

Condition condition_for(const std::string& name, const sm::Layout& layout) {
  if (name == "no-config-failure") return negated(for_some_site(layout, sm::config_failed));
  if (name == "no-lost-package") return negated(for_some_site(layout, sm::package_lost));
  if (name == "no-deadlock") {
    Condition all_settled = for_all_sites(layout, settled);
    return [all_settled](const mc::StateView& view) { return !view.terminal || all_settled(view); };
  }
  if (name == "no-unhandled-event")
    return [&layout](const mc::StateView& view) { return !sm::unhandled_event(layout, view.words); };
  if (name == "upgrade-completes") return for_all_sites(layout, upgraded_and_no_restart);
  if (name == "workaround-recovers") return for_all_sites(layout, upgraded_and_no_restart);
  if (name == "package-reaches-inbox") return for_some_site(layout, sm::package_in_inbox);
  if (name == "package-sent") return for_some_site(layout, sm::package_sent);
  if (name == "every-site-upgraded") return for_all_sites(layout, upgraded_and_no_restart);
  if (name == "site-gets-stuck") return for_some_site(layout, sm::site_stuck);
  throw std::logic_error("property without a condition: " + name);
}
}  // namespace

std::vector<mc::Property> protocol_properties(const ProtocolModel& model) {
  std::vector<mc::Property> out;
  for (const PropertyInfo& info : property_catalog()) {
    if (info.environment != model.config().environment) continue;
    out.push_back({info.name, info.kind, condition_for(info.name, model.layout()), info.statement, info.partner});
  }
  return out;
}

}  // namespace smsmc::spec
