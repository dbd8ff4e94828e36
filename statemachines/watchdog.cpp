#include "statemachines/watchdog.h"

#include "statemachines/protocol.h"
#include "statemachines/services.h"

namespace smsmc::sm::watchdog {

bool site_stuck_unattended::check(const Context& ctx) {
  return !ctx.timed() && !ctx.operator_on_duty() && site_stuck(ctx.layout(), ctx.world().state, ctx.site());
}

bool upgrade_pending::check(const Context& ctx) {
  const unsigned ubs = ctx.state_of<UpgradeBootstrap>();
  return ctx.timed() && ubs != state_id<UpgradeBootstrap, upgrade_bootstrap::NotInstalled>() &&
         ubs != state_id<UpgradeBootstrap, upgrade_bootstrap::Upgraded>();
}

void emergency_restart::run(const Context& ctx) { ctx.log(log_emergency_restart); }

}  // namespace smsmc::sm::watchdog
