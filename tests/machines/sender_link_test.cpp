// Sender link (statemachines/sender_link.h): it accepts the package from HM
// and drops it into the despooler inbox; a second package while it carries
// one, or a drop into a full inbox, is a finding. With K sender slots the
// package waits (Queued) for a free slot, takes the lowest idle one, and the
// delivery frees the highest sending one.
#include "tests/machines/harness.h"
#include "tests/machines/paths.h"

namespace smsmc::sm::machines {
namespace {

using HM = HierarchyManager;
using Link = SenderLink;
using Inbox = DespoolerInbox;
using Slot = SenderSlot;

const SharedParent one_slot{HmMode::one_job_per_site, 1};
const SharedParent two_slots{HmMode::one_job_per_site, 2};

std::vector<Case> cases() {
  const RowKey accept = row<Link, Link::Idle, Link::accept_package, Link::Carrying, Link::slots_unlimited>();
  const RowKey queue = row<Link, Link::Idle, Link::accept_package, Link::Queued, Link::slots_limited>();
  const RowKey start = row<Link, Link::Queued, Link::start_sending, Link::Carrying, Link::slot_free>();
  const RowKey deliver = row<Link, Link::Carrying, Link::deliver_package, Link::Idle>();
  return {
      Case("accepts the package from HM").takes(accept).refuses(queue),
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

      Case("with sender slots: the accepted package waits for a slot").parent(one_slot).takes(queue).refuses(accept),
      Case("with sender slots: a second package while one waits is unhandled")
          .parent(one_slot)
          .given(paths::ubs_started() + paths::package_sent())
          .fire<Link, Link::accept_package>()
          .unhandled(),
      Case("with sender slots: starts sending in the free slot")
          .parent(one_slot)
          .given(paths::ubs_started() + paths::package_sent())
          .takes(start)
          .then({is<Slot, Slot::Sending>()})
          .sends({sent<Link, Slot, Slot::take>()}),
      Case("with sender slots: waits while every slot carries another site's package")
          .parent(one_slot)
          .given(paths::ubs_started() + paths::package_sent() + std::vector<Step>{step<Slot, Slot::take>()})
          .fire<Link, Link::start_sending>()
          .refuses(start)
          .takes_nothing(),
      Case("with sender slots: takes the lowest idle slot")
          .parent(two_slots)
          .given(paths::ubs_started() + paths::package_sent() + std::vector<Step>{step<Slot, Slot::take>(0)})
          .takes(start)
          .then({is<Slot, Slot::Sending>(1)})
          .sends({sent<Link, Slot, Slot::take>(0, 1)}),
      Case("with sender slots: has nothing to start while idle")
          .parent(one_slot)
          .fire<Link, Link::start_sending>()
          .takes_nothing(),
      Case("with sender slots: the delivery frees the slot")
          .parent(one_slot)
          .given(paths::ubs_started() + paths::package_sent() + paths::sending_started())
          .takes(deliver)
          .then({is<Inbox, Inbox::HoldsPackage>(), is<Slot, Slot::Idle>()})
          .sends({sent<Link, Inbox, Inbox::put>(), sent<Link, Slot, Slot::release>(0, 0)}),
      Case("with sender slots: the delivery frees the highest sending slot, so the busy ones stay 1..k")
          .parent(two_slots)
          .given(paths::ubs_started() + paths::package_sent() + std::vector<Step>{step<Slot, Slot::take>(0)} +
                 paths::sending_started())
          .takes(deliver)
          .then({is<Inbox, Inbox::HoldsPackage>(), is<Slot, Slot::Idle>(1)})
          .sends({sent<Link, Inbox, Inbox::put>(), sent<Link, Slot, Slot::release>(0, 1)}),
  };
}

}  // namespace

SMSMC_MACHINE_CASES(SenderLink, cases);

}  // namespace smsmc::sm::machines
