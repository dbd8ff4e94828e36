// Upgrade Bootstrap Service (statemachines/upgrade_bootstrap.h): started by
// HM, it writes SHUTDOWN.CT1, learns the site is down (and, under the
// handshake, tells HM), and installs the package only from the inbox.
#include "tests/machines/harness.h"
#include "tests/machines/paths.h"

namespace smsmc::sm::machines {
namespace {

using HM = HierarchyManager;
using UBS = UpgradeBootstrap;
using Inbox = DespoolerInbox;

const Switches original{};
const Switches handshake = Switches{}.handshake(true);

std::vector<Case> cases() {
  const RowKey start = row<UBS, UBS::NotInstalled, UBS::start, UBS::Started>();
  const RowKey write = row<UBS, UBS::Started, UBS::write_shutdown_ct1, UBS::ShutdownRequested>();
  const RowKey down_and_report =
      row<UBS, UBS::ShutdownRequested, UBS::site_down, UBS::SiteDown, UBS::parent_waits_for_site_down>();
  const RowKey down_quietly =
      row<UBS, UBS::ShutdownRequested, UBS::site_down, UBS::SiteDown, UBS::parent_does_not_wait>();
  const RowKey install = row<UBS, UBS::SiteDown, UBS::install_site, UBS::Upgraded, UBS::package_in_inbox>();
  return {
      Case("HM starts it").takes(start),
      Case("a second start is unhandled").given(paths::ubs_started()).fire<UBS, UBS::start>().unhandled(),

      Case("writes SHUTDOWN.CT1 once started").given(paths::ubs_started()).takes(write),
      Case("writes nothing before it is installed").fire<UBS, UBS::write_shutdown_ct1>().takes_nothing(),

      Case("reports the site down to HM under the handshake")
          .under(handshake)
          .given(paths::ubs_started() + paths::shutdown_written())
          .takes(down_and_report)
          .refuses(down_quietly)
          .then({is<HM, HM::SiteDownReported>()})
          .sends({sent<UBS, HM, HM::site_down_report>()}),
      Case("tells nobody the site is down in the original protocol")
          .under(original)
          .given(paths::ubs_started() + paths::shutdown_written())
          .takes(down_quietly)
          .refuses(down_and_report),
      Case("its report is unhandled by an HM that sent the package already")
          .under(handshake)
          .given(paths::ubs_started() + paths::shutdown_written() +
                 std::vector<Step>{step<HM, HM::site_down_report>(), step<HM, HM::send_package>()})
          .takes(down_and_report)
          .sends({sent<UBS, HM, HM::site_down_report>()})
          .logs({said<HM>("unhandled event site_down_report in state PackageSent")})
          .sets_unhandled_event(),

      Case("installs the package waiting in the inbox under the handshake")
          .under(handshake)
          .given(paths::site_down_with_handshake(1) + paths::package_sent() + paths::package_delivered())
          .takes(install)
          .then({is<Inbox, Inbox::Empty>()})
          .sends({sent<UBS, Inbox, Inbox::take>()}),
      Case("installs the package that reached the inbox after the despooler stopped")
          .under(original)
          .given(paths::ubs_started() + paths::shutdown_written() + paths::site_shut_down(1) + paths::package_sent() +
                 paths::package_delivered())
          .takes(install)
          .then({is<Inbox, Inbox::Empty>()})
          .sends({sent<UBS, Inbox, Inbox::take>()}),
      Case("waits while the package is still on the link")
          .under(handshake)
          .given(paths::site_down_with_handshake(1) + paths::package_sent())
          .fire<UBS, UBS::install_site>()
          .refuses(install)
          .takes_nothing(),
      Case("waits forever for a package the despooler executed")
          .under(original)
          .given(paths::site_stuck(1))
          .fire<UBS, UBS::install_site>()
          .refuses(install)
          .takes_nothing(),
      Case("does not install once the watchdog restarted the site (timed mode), though the package waits")
          .under(original)
          .timed()
          .given(paths::ubs_started() + paths::shutdown_written() + paths::site_shut_down(1) + paths::package_sent() +
                 paths::package_delivered() + std::vector<Step>{step<Watchdog, Watchdog::expire_48h>()})
          .fire<UBS, UBS::install_site>()
          .refuses(install)
          .takes_nothing(),
      Case("does not install before the site is down")
          .under(original)
          .given(paths::ubs_started() + paths::package_sent() + paths::package_delivered())
          .fire<UBS, UBS::install_site>()
          .takes_nothing(),
  };
}

}  // namespace

SMSMC_MACHINE_CASES(UpgradeBootstrap, cases);

}  // namespace smsmc::sm::machines
