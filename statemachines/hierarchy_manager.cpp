#include "statemachines/hierarchy_manager.h"

#include "statemachines/services.h"

namespace smsmc::sm::hierarchy_manager {

namespace {
/// The parent's HM worker, or -1 with one job per site.
int worker(const Context& ctx) { return ctx.layout().actor_of<HmWorker>(-1); }

void hand_to_link(const Context& ctx) {
  ctx.deliver(ctx.layout().actor_of<SenderLink>(ctx.site()), event_id<SenderLink, sender_link::accept_package>());
}
}  // namespace

bool sends_before_site_down::check(const Context& ctx) { return !ctx.switches().handshake(); }

bool hm_worker_free::check(const Context& ctx) {
  const int w = worker(ctx);
  return w < 0 || ctx.state_of(w) == state_id<HmWorker, hm_worker::Free>();
}

void start_ubs::run(const Context& ctx) {
  if (const int w = worker(ctx); w >= 0) ctx.deliver(w, event_id<HmWorker, hm_worker::take>());
  ctx.deliver(ctx.layout().actor_of<UpgradeBootstrap>(ctx.site()),
              event_id<UpgradeBootstrap, upgrade_bootstrap::start>());
}

void hand_package_to_link::run(const Context& ctx) {
  hand_to_link(ctx);
  if (const int w = worker(ctx); w >= 0) ctx.deliver(w, event_id<HmWorker, hm_worker::release>());
}

void hand_package_to_link_again::run(const Context& ctx) { hand_to_link(ctx); }

}  // namespace smsmc::sm::hierarchy_manager
