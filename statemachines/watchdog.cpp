#include "statemachines/watchdog.h"

#include "statemachines/protocol.h"

namespace smsmc::sm::watchdog {

bool site_stuck_unattended::check(const Context& ctx) {
  return !ctx.operator_on_duty() && site_stuck(ctx.layout(), ctx.world().state, ctx.site());
}

void emergency_restart::run(const Context& ctx) { ctx.log(log_emergency_restart); }

}  // namespace smsmc::sm::watchdog
