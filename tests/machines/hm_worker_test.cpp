// HmWorker (statemachines/hm_worker.h): the parent's one HM (--hm one-at-a-time). It only
// answers the per-site machines' messages; a take while busy or a release
// while free would mean the guards that keep the sites from sharing it broke.
#include "tests/machines/harness.h"

namespace smsmc::sm::machines {
namespace {

using S = HmWorker;

const SharedParent shared = SharedParent{HmMode::one_at_a_time, 0};

std::vector<Case> cases() {
  const RowKey take = row<S, S::Free, S::take, S::Busy>();
  const RowKey release = row<S, S::Busy, S::release, S::Free>();
  return {
      Case("is taken").parent(shared).takes(take),
      Case("is released").parent(shared).given({step<S, S::take>()}).takes(release),
      Case("a take while busy is unhandled")
          .parent(shared)
          .given({step<S, S::take>()})
          .fire<S, S::take>()
          .unhandled(),
      Case("a release while free is unhandled").parent(shared).fire<S, S::release>().unhandled(),
  };
}

}  // namespace

SMSMC_MACHINE_CASES(HmWorker, cases);

}  // namespace smsmc::sm::machines
