// The 48-hour watchdog (statemachines/watchdog.h): it restarts a stuck site
// only when nobody is on duty; a site whose package is on its way, waits in
// the inbox, was never sent or was installed is not stuck.
#include "tests/machines/harness.h"
#include "tests/machines/paths.h"

namespace smsmc::sm::machines {
namespace {

using UBS = UpgradeBootstrap;

const Switches handshake = Switches{}.handshake(true);

const RowKey restart =
    row<Watchdog, Watchdog::Armed, Watchdog::expire_48h, Watchdog::EmergencyRestart, Watchdog::site_stuck_unattended>();

Case keeps_waiting(const Case& c) { return c.fire<Watchdog, Watchdog::expire_48h>().refuses(restart).takes_nothing(); }

std::vector<Case> cases() {
  const std::vector<Step> down_in_original =
      paths::ubs_started() + paths::shutdown_written() + paths::site_shut_down(1);
  return {
      Case("restarts a stuck unattended site after 48 hours")
          .given(paths::site_stuck(1))
          .takes(restart)
          .logs({said<Watchdog>(watchdog::log_emergency_restart)}),
      Case("restarts a stuck site with many logon servers the same way")
          .logon_servers(3)
          .given(paths::site_stuck(3))
          .takes(restart)
          .logs({said<Watchdog>(watchdog::log_emergency_restart)}),
      keeps_waiting(Case("leaves a stuck site to the operator on duty").operator_on_duty().given(paths::site_stuck(1))),

      keeps_waiting(
          Case("keeps waiting while the package is on the link").given(down_in_original + paths::package_sent())),
      keeps_waiting(Case("keeps waiting while the package is in the inbox")
                        .given(down_in_original + paths::package_sent() + paths::package_delivered())),
      keeps_waiting(Case("keeps waiting while HM has not sent the package")
                        .under(handshake)
                        .given(paths::site_down_with_handshake(1))),
      keeps_waiting(Case("keeps waiting while UBS has not seen the site down, though the package is lost")
                        .given(paths::ubs_started() + paths::package_sent() + paths::package_delivered() +
                               paths::package_executed())),
      Case("has nothing to do once the site is upgraded")
          .given(down_in_original + paths::package_sent() + paths::package_delivered() +
                 std::vector<Step>{step<UBS, UBS::install_site>()})
          .fire<Watchdog, Watchdog::expire_48h>()
          .refuses(restart)
          .takes_nothing(),
      Case("fires once")
          .given(paths::site_stuck(1) + std::vector<Step>{step<Watchdog, Watchdog::expire_48h>()})
          .fire<Watchdog, Watchdog::expire_48h>()
          .takes_nothing(),
  };
}

}  // namespace

SMSMC_MACHINE_CASES(Watchdog, cases);

}  // namespace smsmc::sm::machines
