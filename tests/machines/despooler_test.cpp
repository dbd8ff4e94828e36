// Despooler (statemachines/despooler.h): while running it executes the CONFIG
// mini-job in its inbox, writes the KB's three lines and sets config_failed,
// unless the deferral switch holds the job back; SCM stops it. Its guard is
// run under each deferral value with UBS in each state the rule tells apart.
#include "tests/machines/harness.h"
#include "tests/machines/paths.h"

namespace smsmc::sm::machines {
namespace {

using UBS = UpgradeBootstrap;
using Inbox = DespoolerInbox;

const Switches never = Switches{}.deferral(ConfigDeferral::never);
const Switches while_ubs_installed = Switches{}.deferral(ConfigDeferral::while_ubs_installed);
const Switches once_shutdown_requested = Switches{}.deferral(ConfigDeferral::once_shutdown_requested);

/// What executing the package does, whatever lets it happen.
Case executes(const Case& c) {
  return c
      .takes(row<Despooler, Despooler::Running, Despooler::execute_instruction, Despooler::Running,
                 Despooler::config_job_to_execute>())
      .then({is<Inbox, Inbox::Empty>()})
      .sends({sent<Despooler, Inbox, Inbox::take>()})
      .logs({said<Despooler>(despooler::log_executing), said<Despooler>(despooler::log_no_config_data),
             said<Despooler>(despooler::log_c0000001)})
      .sets_config_failed();
}

/// The package stays in the inbox.
Case leaves_it(const Case& c) {
  return c.fire<Despooler, Despooler::execute_instruction>()
      .refuses(row<Despooler, Despooler::Running, Despooler::execute_instruction, Despooler::Running,
                   Despooler::config_job_to_execute>())
      .takes_nothing();
}

/// The package in the inbox with UBS not installed: only a put straight
/// into the inbox gets there (HM starts UBS before it sends).
const std::vector<Step> package_before_ubs = {step<Inbox, Inbox::put>()};
const std::vector<Step> package_with_ubs_started =
    paths::ubs_started() + paths::package_sent() + paths::package_delivered();
const std::vector<Step> package_after_shutdown_written = package_with_ubs_started + paths::shutdown_written();

std::vector<Case> cases() {
  const RowKey stop = row<Despooler, Despooler::Running, Despooler::stop, Despooler::Stopped>();
  return {
      executes(Case("executes the package and fails with c0000001").under(never).given(package_with_ubs_started)),
      executes(Case("executes it before UBS is installed").under(never).given(package_before_ubs)),
      executes(
          Case("executes it even after SHUTDOWN.CT1, the race").under(never).given(package_after_shutdown_written)),
      leaves_it(Case("has nothing to execute in an empty inbox").under(never).given(paths::ubs_started())),

      executes(Case("executes an instruction that arrives before UBS is installed under despooler-defers")
                   .under(while_ubs_installed)
                   .given(package_before_ubs)),
      leaves_it(
          Case("defers the package while UBS is installed").under(while_ubs_installed).given(package_with_ubs_started)),
      leaves_it(Case("still defers it after SHUTDOWN.CT1 under despooler-defers")
                    .under(while_ubs_installed)
                    .given(package_after_shutdown_written)),

      executes(Case("executes before UBS is installed under defer-after-shutdown-flag")
                   .under(once_shutdown_requested)
                   .given(package_before_ubs)),
      executes(Case("executes before SHUTDOWN.CT1 is written under defer-after-shutdown-flag, the race remains")
                   .under(once_shutdown_requested)
                   .given(package_with_ubs_started)),
      leaves_it(Case("defers once SHUTDOWN.CT1 is written")
                    .under(once_shutdown_requested)
                    .given(package_after_shutdown_written)),
      leaves_it(Case("has nothing to execute in an empty inbox under defer-after-shutdown-flag")
                    .under(once_shutdown_requested)
                    .given(paths::ubs_started())),

      Case("a stopped despooler leaves the package for UBS")
          .given(paths::ubs_started() + paths::shutdown_written() + paths::site_shut_down(1) + paths::package_sent() +
                 paths::package_delivered())
          .fire<Despooler, Despooler::execute_instruction>()
          .takes_nothing(),

      Case("SCM stops it").takes(stop),
      Case("a second stop is unhandled")
          .given({step<Despooler, Despooler::stop>()})
          .fire<Despooler, Despooler::stop>()
          .unhandled(),
  };
}

}  // namespace

SMSMC_MACHINE_CASES(Despooler, cases);

}  // namespace smsmc::sm::machines
