// The site operator (statemachines/site_operator.h): on duty, it runs
// PREINST /UPGRADE for a stuck site, and HM sends the package again; it
// does nothing unattended or for a site that is not stuck.
#include "tests/machines/harness.h"
#include "tests/machines/paths.h"

namespace smsmc::sm::machines {
namespace {

using HM = HierarchyManager;
using Link = SenderLink;

const RowKey preinst = row<SiteOperator, SiteOperator::OnDuty, SiteOperator::run_preinst_upgrade, SiteOperator::OnDuty,
                           SiteOperator::site_stuck_and_on_duty>();

Case stays_put(const Case& c) {
  return c.fire<SiteOperator, SiteOperator::run_preinst_upgrade>().refuses(preinst).takes_nothing();
}

std::vector<Case> cases() {
  return {
      Case("runs PREINST UPGRADE for a stuck site and HM sends the package again")
          .operator_on_duty()
          .given(paths::site_stuck(1))
          .takes(preinst)
          .then({is<Link, Link::Carrying>()})
          .sends({sent<SiteOperator, HM, HM::resend_package>(), sent<HM, Link, Link::accept_package>()})
          .logs({said<SiteOperator>(site_operator::log_preinst)}),
      stays_put(Case("nobody runs it at an unattended site").given(paths::site_stuck(1))),
      stays_put(Case("not while the resent package is on its way")
                    .operator_on_duty()
                    .given(paths::site_stuck(1) +
                           std::vector<Step>{step<SiteOperator, SiteOperator::run_preinst_upgrade>()})),
      stays_put(Case("not before UBS sees the site down")
                    .operator_on_duty()
                    .given(paths::ubs_started() + paths::package_sent() + paths::package_delivered() +
                           paths::package_executed())),
      stays_put(Case("not for a site that upgrades")
                    .operator_on_duty()
                    .given(paths::ubs_started() + paths::shutdown_written() + paths::site_shut_down(1) +
                           paths::package_sent() + paths::package_delivered() +
                           std::vector<Step>{step<UpgradeBootstrap, UpgradeBootstrap::install_site>()})),
  };
}

}  // namespace

SMSMC_MACHINE_CASES(SiteOperator, cases);

}  // namespace smsmc::sm::machines
