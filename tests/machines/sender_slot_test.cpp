// SenderSlot (statemachines/sender_slot.h): one of the Sender's K slots (--sender-slots K). It only
// answers the per-site machines' messages; a take while sending or a release
// while idle would mean the guards that keep the sites from sharing it broke.
#include "tests/machines/harness.h"

namespace smsmc::sm::machines {
namespace {

using S = SenderSlot;

const SharedParent shared = SharedParent{HmMode::one_job_per_site, 1};

std::vector<Case> cases() {
  const RowKey take = row<S, S::Idle, S::take, S::Sending>();
  const RowKey release = row<S, S::Sending, S::release, S::Idle>();
  return {
      Case("is taken").parent(shared).takes(take),
      Case("is released").parent(shared).given({step<S, S::take>()}).takes(release),
      Case("a take while sending is unhandled")
          .parent(shared)
          .given({step<S, S::take>()})
          .fire<S, S::take>()
          .unhandled(),
      Case("a release while idle is unhandled").parent(shared).fire<S, S::release>().unhandled(),
  };
}

}  // namespace

SMSMC_MACHINE_CASES(SenderSlot, cases);

}  // namespace smsmc::sm::machines
