// Sender link (statemachines/sender_link.h): it accepts the package from HM
// and drops it into the despooler inbox; a second package while it carries
// one, or a drop into a full inbox, is a finding.
#include "tests/machines/harness.h"
#include "tests/machines/paths.h"

namespace smsmc::sm::machines {
namespace {

using HM = HierarchyManager;
using Link = SenderLink;
using Inbox = DespoolerInbox;

std::vector<Case> cases() {
  const RowKey accept = row<Link, Link::Idle, Link::accept_package, Link::Carrying>();
  const RowKey deliver = row<Link, Link::Carrying, Link::deliver_package, Link::Idle>();
  return {
      Case("accepts the package from HM").takes(accept),
      Case("a second package while it carries one is unhandled")
          .given(paths::ubs_started() + paths::package_sent())
          .fire<Link, Link::accept_package>()
          .unhandled(),

      Case("drops the package into the despooler inbox")
          .given(paths::ubs_started() + paths::package_sent())
          .takes(deliver)
          .then({is<Inbox, Inbox::HoldsPackage>()})
          .sends({sent<Link, Inbox, Inbox::put>()}),
      Case("a drop into a full inbox is unhandled by the inbox")
          .given(paths::ubs_started() + paths::package_sent() + paths::package_delivered() +
                 std::vector<Step>{step<HM, HM::resend_package>()})
          .takes(deliver)
          .sends({sent<Link, Inbox, Inbox::put>()})
          .logs({said<Inbox>("unhandled event put in state HoldsPackage")})
          .sets_unhandled_event(),
      Case("has nothing to deliver while idle").fire<Link, Link::deliver_package>().takes_nothing(),
  };
}

}  // namespace

SMSMC_MACHINE_CASES(SenderLink, cases);

}  // namespace smsmc::sm::machines
