#include "statemachines/upgrade_bootstrap.h"

#include "statemachines/services.h"

namespace smsmc::sm::upgrade_bootstrap {

bool parent_waits_for_site_down::check(const Context& ctx) { return ctx.switches().handshake(); }

bool parent_does_not_wait::check(const Context& ctx) { return !ctx.switches().handshake(); }

bool package_in_inbox::check(const Context& ctx) {
  return ctx.state_of<DespoolerInbox>() == state_id<DespoolerInbox, despooler_inbox::HoldsPackage>() &&
         ctx.state_of<Watchdog>() != state_id<Watchdog, watchdog::EmergencyRestart>();
}

void report_site_down_to_parent::run(const Context& ctx) {
  ctx.deliver(ctx.layout().actor_of<HierarchyManager>(ctx.site()),
              event_id<HierarchyManager, hierarchy_manager::site_down_report>());
}

void take_package_and_upgrade::run(const Context& ctx) {
  ctx.deliver(ctx.layout().actor_of<DespoolerInbox>(ctx.site()), event_id<DespoolerInbox, despooler_inbox::take>());
}

}  // namespace smsmc::sm::upgrade_bootstrap
