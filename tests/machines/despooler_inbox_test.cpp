// The despooler inbox (statemachines/despooler_inbox.h): it holds at most
// the one package; a second put, or a take from an empty inbox, is a finding.
#include "tests/machines/harness.h"

namespace smsmc::sm::machines {
namespace {

using Inbox = DespoolerInbox;

std::vector<Case> cases() {
  const RowKey put = row<Inbox, Inbox::Empty, Inbox::put, Inbox::HoldsPackage>();
  const RowKey take = row<Inbox, Inbox::HoldsPackage, Inbox::take, Inbox::Empty>();
  return {
      Case("holds the package the link puts").takes(put),
      Case("a second package in a full inbox is unhandled")
          .given({step<Inbox, Inbox::put>()})
          .fire<Inbox, Inbox::put>()
          .unhandled(),
      Case("gives the package up when taken").given({step<Inbox, Inbox::put>()}).takes(take),
      Case("a take from an empty inbox is unhandled").fire<Inbox, Inbox::take>().unhandled(),
  };
}

}  // namespace

SMSMC_MACHINE_CASES(DespoolerInbox, cases);

}  // namespace smsmc::sm::machines
