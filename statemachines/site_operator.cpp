#include "statemachines/site_operator.h"

#include "statemachines/services.h"
#include "statemachines/protocol.h"

namespace smsmc::sm::site_operator {

bool site_stuck_and_on_duty::check(const Context& ctx) {
  return ctx.operator_on_duty() && site_stuck(ctx.layout(), ctx.world().state, ctx.site());
}

void force_upgrade::run(const Context& ctx) {
  ctx.log(log_preinst);
  ctx.deliver(ctx.layout().actor_of<HierarchyManager>(ctx.site()),
              event_id<HierarchyManager, hierarchy_manager::resend_package>());
}

}  // namespace smsmc::sm::site_operator
