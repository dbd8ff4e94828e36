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

const RowKey timer = row<Watchdog, Watchdog::Armed, Watchdog::expire_48h, Watchdog::EmergencyRestart,
                         Watchdog::upgrade_pending>();

Case keeps_waiting(const Case& c) { return c.fire<Watchdog, Watchdog::expire_48h>().refuses(restart).takes_nothing(); }
Case timer_idle(const Case& c) {
  return c.timed().fire<Watchdog, Watchdog::expire_48h>().refuses(timer).refuses(restart).takes_nothing();
}

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
      // Timed mode: a real timer from UBS's start to the upgrade.
      Case("timed: expires while the package is merely on its way")
          .timed()
          .given(paths::ubs_started() + paths::package_sent())
          .takes(timer)
          .refuses(restart)
          .logs({said<Watchdog>(watchdog::log_emergency_restart)}),
      Case("timed: expires with an operator on duty too")
          .timed()
          .operator_on_duty()
          .given(paths::site_stuck(1))
          .takes(timer)
          .refuses(restart)
          .logs({said<Watchdog>(watchdog::log_emergency_restart)}),
      Case("timed, handshake: expires while UBS waits for the site down")
          .timed()
          .under(handshake)
          .given(paths::ubs_started() + paths::shutdown_written())
          .takes(timer)
          .logs({said<Watchdog>(watchdog::log_emergency_restart)}),
      timer_idle(Case("timed: is not armed before UBS starts")),
      timer_idle(Case("timed: is disarmed once the site is upgraded")
                     .given(down_in_original + paths::package_sent() + paths::package_delivered() +
                            std::vector<Step>{step<UBS, UBS::install_site>()})),
      timer_idle(Case("timed, handshake: is disarmed once upgraded")
                     .under(handshake)
                     .given(paths::site_down_with_handshake(1) + paths::package_sent() + paths::package_delivered() +
                            std::vector<Step>{step<UBS, UBS::install_site>()})),
      Case("fires once")
          .given(paths::site_stuck(1) + std::vector<Step>{step<Watchdog, Watchdog::expire_48h>()})
          .fire<Watchdog, Watchdog::expire_48h>()
          .takes_nothing(),
  };
}

}  // namespace

SMSMC_MACHINE_CASES(Watchdog, cases);

}  // namespace smsmc::sm::machines
