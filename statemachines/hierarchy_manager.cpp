#include "statemachines/hierarchy_manager.h"

#include "statemachines/services.h"

namespace smsmc::sm::hierarchy_manager {

bool sends_before_site_down::check(const Context& ctx) { return !ctx.switches().handshake(); }

void start_ubs::run(const Context& ctx) {
  ctx.deliver(ctx.layout().actor_of<UpgradeBootstrap>(ctx.site()),
              event_id<UpgradeBootstrap, upgrade_bootstrap::start>());
}

void hand_package_to_link::run(const Context& ctx) {
  ctx.deliver(ctx.layout().actor_of<SenderLink>(ctx.site()), event_id<SenderLink, sender_link::accept_package>());
}

}  // namespace smsmc::sm::hierarchy_manager
