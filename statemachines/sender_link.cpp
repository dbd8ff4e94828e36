#include "statemachines/sender_link.h"

#include "statemachines/services.h"

namespace smsmc::sm::sender_link {

void put_in_inbox::run(const Context& ctx) {
  ctx.deliver(ctx.layout().actor_of<DespoolerInbox>(ctx.site()), event_id<DespoolerInbox, despooler_inbox::put>());
}

}  // namespace smsmc::sm::sender_link
