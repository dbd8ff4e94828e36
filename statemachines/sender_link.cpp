#include "statemachines/sender_link.h"

#include "statemachines/services.h"

namespace smsmc::sm::sender_link {

namespace {
constexpr unsigned idle = state_id<SenderSlot, sender_slot::Idle>();

/// The lowest idle sender slot, or -1 (none idle, or no slots: unlimited).
int lowest_idle(const Context& ctx) { return ctx.first_in<SenderSlot>(idle); }
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
  // The busy slots are always a prefix (the lowest idle one is taken, the
  // highest busy one freed), so the highest busy slot is the one just below
  // the lowest idle one, or the last slot when none is idle.
  const Layout::Group& g = ctx.layout().group(ServiceId<SenderSlot>::in(ctx.layout()), -1);
  if (g.count == 0) return;  // unlimited: no slots to free
  const int lowest = lowest_idle(ctx);
  const int busy = (lowest < 0 ? g.first + g.count : lowest) - 1;
  if (busy >= g.first) ctx.deliver(busy, event_id<SenderSlot, sender_slot::release>());
}

}  // namespace smsmc::sm::sender_link
