// Hierarchy Manager (statemachines/hierarchy_manager.h): every row, the
// send guard under both values of the handshake switch, and the messages it
// sends to UBS and the sender link; with one HM at a time, how the per-site
// jobs take and free the parent's HM worker.
#include "tests/machines/harness.h"
#include "tests/machines/paths.h"

namespace smsmc::sm::machines {
namespace {

using HM = HierarchyManager;
using UBS = UpgradeBootstrap;
using Link = SenderLink;
using Worker = HmWorker;

const Switches original{};
const Switches handshake = Switches{}.handshake(true);
const SharedParent one_hm{HmMode::one_at_a_time, 0};

std::vector<Case> cases() {
  const RowKey start = row<HM, HM::Idle, HM::deliver_ubs, HM::UbsStarted, HM::hm_worker_free>();
  const RowKey send_at_once = row<HM, HM::UbsStarted, HM::send_package, HM::PackageSent, HM::sends_before_site_down>();
  const RowKey note_site_down = row<HM, HM::UbsStarted, HM::site_down_report, HM::SiteDownReported>();
  const RowKey send_after_report = row<HM, HM::SiteDownReported, HM::send_package, HM::PackageSent>();
  const RowKey resend = row<HM, HM::PackageSent, HM::resend_package, HM::PackageSent>();
  return {
      Case("starts UBS on its own site")
          .takes(start)
          .then({is<UBS, UBS::Started>()})
          .sends({sent<HM, UBS, UBS::start>()}),
      Case("starts UBS the same way under the handshake")
          .under(handshake)
          .takes(start)
          .then({is<UBS, UBS::Started>()})
          .sends({sent<HM, UBS, UBS::start>()}),

      Case("sends the package right after starting UBS without the handshake")
          .under(original)
          .given(paths::ubs_started())
          .takes(send_at_once)
          .then({is<Link, Link::Carrying>()})
          .sends({sent<HM, Link, Link::accept_package>()}),
      Case("sends before the shutdown has even begun, the race's first step")
          .under(original)
          .given(paths::ubs_started() + paths::shutdown_written())
          .takes(send_at_once)
          .then({is<Link, Link::Carrying>()})
          .sends({sent<HM, Link, Link::accept_package>()}),
      Case("holds the package back under the handshake until the site down report")
          .under(handshake)
          .given(paths::ubs_started())
          .fire<HM, HM::send_package>()
          .refuses(send_at_once)
          .takes_nothing(),
      Case("has nothing to send before UBS is started").fire<HM, HM::send_package>().takes_nothing(),

      Case("notes the site down report from UBS")
          .under(handshake)
          .given(paths::ubs_started() + paths::shutdown_written())
          .takes(note_site_down),
      Case("a site down report once the package is out is unhandled")
          .under(original)
          .given(paths::ubs_started() + paths::package_sent())
          .fire<HM, HM::site_down_report>()
          .unhandled(),

      Case("sends the package once the site is reported down")
          .under(handshake)
          .given(paths::site_down_with_handshake(1))
          .takes(send_after_report)
          .then({is<Link, Link::Carrying>()})
          .sends({sent<HM, Link, Link::accept_package>()}),

      Case("PREINST UPGRADE makes it send the lost package again")
          .under(original)
          .operator_on_duty()
          .given(paths::site_stuck(1))
          .takes(resend)
          .then({is<Link, Link::Carrying>()})
          .sends({sent<HM, Link, Link::accept_package>()}),
      Case("a resend while the link still carries the package is a second package the link cannot take")
          .under(original)
          .given(paths::ubs_started() + paths::package_sent())
          .takes(resend)
          .sends({sent<HM, Link, Link::accept_package>()})
          .logs({said<Link>("unhandled event accept_package in state Carrying")})
          .sets_unhandled_event(),
      Case("a resend before anything was sent is unhandled").fire<HM, HM::resend_package>().unhandled(),

      Case("one HM at a time: takes the free HM worker and starts UBS")
          .parent(one_hm)
          .takes(start)
          .then({is<UBS, UBS::Started>(), is<Worker, Worker::Busy>()})
          .sends({sent<HM, Worker, Worker::take>(), sent<HM, UBS, UBS::start>()}),
      Case("one HM at a time: waits while the HM serves another site")
          .parent(one_hm)
          .given({step<Worker, Worker::take>()})
          .fire<HM, HM::deliver_ubs>()
          .refuses(start)
          .takes_nothing(),
      Case("one HM at a time: sending the package ends the site's job and frees the HM")
          .under(original)
          .parent(one_hm)
          .given(paths::ubs_started())
          .takes(send_at_once)
          .then({is<Link, Link::Carrying>(), is<Worker, Worker::Free>()})
          .sends({sent<HM, Link, Link::accept_package>(), sent<HM, Worker, Worker::release>()}),
      Case("one HM at a time, handshake: the HM is held through the wait for the site down report")
          .under(handshake)
          .parent(one_hm)
          .given(paths::site_down_with_handshake(1))
          .takes(send_after_report)
          .then({is<Link, Link::Carrying>(), is<Worker, Worker::Free>()})
          .sends({sent<HM, Link, Link::accept_package>(), sent<HM, Worker, Worker::release>()}),
      Case("one HM at a time: PREINST's resend leaves the HM worker alone")
          .under(original)
          .parent(one_hm)
          .operator_on_duty()
          .given(paths::site_stuck(1))
          .takes(resend)
          .then({is<Link, Link::Carrying>()})
          .sends({sent<HM, Link, Link::accept_package>()}),
  };
}

}  // namespace

SMSMC_MACHINE_CASES(HierarchyManager, cases);

}  // namespace smsmc::sm::machines
