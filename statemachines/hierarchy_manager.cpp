#include "statemachines/hierarchy_manager.h"

#include "spec/variants.h"
#include "statemachines/sender_link.h"
#include "statemachines/upgrade_bootstrap.h"

namespace smsmc::sm::hierarchy_manager {

bool sends_before_site_down::check(const Context& ctx) { return !ctx.variant().handshake; }

void start_ubs::run(const Context& ctx) {
  ctx.deliver(ctx.layout().actor_of(Kind::upgrade_bootstrap, ctx.site()),
              event_id<UpgradeBootstrap, upgrade_bootstrap::start>());
}

void hand_package_to_link::run(const Context& ctx) {
  ctx.deliver(ctx.layout().actor_of(Kind::sender_link, ctx.site()), event_id<SenderLink, sender_link::accept_package>());
}

}  // namespace smsmc::sm::hierarchy_manager
