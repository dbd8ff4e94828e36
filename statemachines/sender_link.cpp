#include "statemachines/sender_link.h"

#include "statemachines/services.h"

namespace smsmc::sm::sender_link {

namespace {
/// The parent's sender slots (none when unlimited).
const Layout::Group& slots(const Context& ctx) { return ctx.layout().group(ServiceId<SenderSlot>::in(ctx.layout()), -1); }

constexpr unsigned idle = state_id<SenderSlot, sender_slot::Idle>();

/// The lowest idle slot, or -1. The busy slots are always a prefix (the
/// lowest is taken, the highest freed), so this is slot "number busy + 1".
int lowest_idle(const Context& ctx) {
  const Layout::Group& g = slots(ctx);
  for (int a = g.first; a < g.first + g.count; ++a) {
    if (ctx.state_of(a) == idle) return a;
  }
  return -1;
}
}  // namespace

bool slots_unlimited::check(const Context& ctx) { return !ctx.layout().params().parent.slots_limited(); }

bool slots_limited::check(const Context& ctx) { return ctx.layout().params().parent.slots_limited(); }

bool slot_free::check(const Context& ctx) { return lowest_idle(ctx) >= 0; }

void take_slot::run(const Context& ctx) {
  // slot_free guards the row, so there is one.
  if (const int slot = lowest_idle(ctx); slot >= 0) ctx.deliver(slot, event_id<SenderSlot, sender_slot::take>());
}

void put_in_inbox::run(const Context& ctx) {
  ctx.deliver(ctx.layout().actor_of<DespoolerInbox>(ctx.site()), event_id<DespoolerInbox, despooler_inbox::put>());
  const Layout::Group& g = slots(ctx);
  for (int a = g.first + g.count - 1; a >= g.first && g.count > 0; --a) {
    if (ctx.state_of(a) != idle) {
      ctx.deliver(a, event_id<SenderSlot, sender_slot::release>());
      return;
    }
  }
}

}  // namespace smsmc::sm::sender_link
