// Site Configuration Manager (statemachines/site_config_manager.h): it
// begins SHUTDOWN.CT1 only once UBS has written it, in the order the
// shutdown_order switch selects, stops the logon servers lowest-numbered
// first and the despooler, and reports the site down to UBS.
#include "tests/machines/harness.h"
#include "tests/machines/paths.h"

namespace smsmc::sm::machines {
namespace {

using HM = HierarchyManager;
using UBS = UpgradeBootstrap;
using SCM = SiteConfigManager;
using LS = LogonServer;

const Switches original{};
const Switches despooler_first = Switches{}.shutdown_order(ShutdownOrder::despooler_first);
const Switches handshake = Switches{}.handshake(true);

std::vector<Case> original_order() {
  const RowKey begin = row<SCM, SCM::Running, SCM::begin_shutdown, SCM::StoppingLogonServers,
                           SCM::shutdown_requested_logon_servers_first>();
  const RowKey begin_first = row<SCM, SCM::Running, SCM::begin_shutdown, SCM::StoppingDespoolerFirst,
                                 SCM::shutdown_requested_despooler_first>();
  const RowKey stop_server = row<SCM, SCM::StoppingLogonServers, SCM::stop_logon_server, SCM::StoppingLogonServers,
                                 SCM::logon_server_running>();
  const RowKey stop_despooler =
      row<SCM, SCM::StoppingLogonServers, SCM::stop_despooler, SCM::DespoolerStopped, SCM::all_logon_servers_stopped>();
  const RowKey report = row<SCM, SCM::DespoolerStopped, SCM::report_site_down, SCM::SiteDownReported>();
  const std::vector<Step> written = paths::ubs_started() + paths::shutdown_written();
  const std::vector<Step> begun = written + paths::shutdown_begun();
  return {
      Case("waits for SHUTDOWN.CT1 while UBS is not installed")
          .fire<SCM, SCM::begin_shutdown>()
          .refuses(begin)
          .refuses(begin_first)
          .takes_nothing(),
      Case("waits for SHUTDOWN.CT1 while UBS has not written it")
          .given(paths::ubs_started())
          .fire<SCM, SCM::begin_shutdown>()
          .refuses(begin)
          .refuses(begin_first)
          .takes_nothing(),
      Case("begins with the logon servers once SHUTDOWN.CT1 is written")
          .under(original)
          .given(written)
          .takes(begin)
          .refuses(begin_first),

      Case("stops the lowest numbered running logon server")
          .logon_servers(2)
          .given(begun)
          .takes(stop_server)
          .then({is<LS, LS::Stopped>(0)})
          .sends({sent<SCM, LS, LS::stop>(0, 0)}),
      Case("then the next one")
          .logon_servers(2)
          .given(begun + paths::logon_servers_stopped(1))
          .takes(stop_server)
          .then({is<LS, LS::Stopped>(1)})
          .sends({sent<SCM, LS, LS::stop>(0, 1)}),
      Case("has no logon server left to stop")
          .logon_servers(2)
          .given(begun + paths::logon_servers_stopped(2))
          .fire<SCM, SCM::stop_logon_server>()
          .refuses(stop_server)
          .takes_nothing(),
      Case("has no logon server to stop on a site without any")
          .logon_servers(0)
          .given(begun)
          .fire<SCM, SCM::stop_logon_server>()
          .refuses(stop_server)
          .takes_nothing(),

      Case("stops the despooler once every logon server is stopped")
          .logon_servers(2)
          .given(begun + paths::logon_servers_stopped(2))
          .takes(stop_despooler)
          .then({is<Despooler, Despooler::Stopped>()})
          .sends({sent<SCM, Despooler, Despooler::stop>()}),
      Case("stops the despooler at once on a site without logon servers")
          .logon_servers(0)
          .given(begun)
          .takes(stop_despooler)
          .then({is<Despooler, Despooler::Stopped>()})
          .sends({sent<SCM, Despooler, Despooler::stop>()}),
      Case("leaves the despooler running while a logon server runs")
          .logon_servers(2)
          .given(begun + paths::logon_servers_stopped(1))
          .fire<SCM, SCM::stop_despooler>()
          .refuses(stop_despooler)
          .takes_nothing(),

      Case("reports the site down to UBS")
          .under(original)
          .given(begun + paths::logon_servers_stopped(1) + paths::despooler_stopped())
          .takes(report)
          .then({is<UBS, UBS::SiteDown>()})
          .sends({sent<SCM, UBS, UBS::site_down>()}),
      Case("reports the site down to UBS, which tells HM under the handshake")
          .under(handshake)
          .given(begun + paths::logon_servers_stopped(1) + paths::despooler_stopped())
          .takes(report)
          .then({is<UBS, UBS::SiteDown>(), is<HM, HM::SiteDownReported>()})
          .sends({sent<SCM, UBS, UBS::site_down>(), sent<UBS, HM, HM::site_down_report>()}),
      Case("does not report before the despooler is stopped")
          .given(begun + paths::logon_servers_stopped(1))
          .fire<SCM, SCM::report_site_down>()
          .takes_nothing(),
  };
}

std::vector<Case> despooler_stops_first() {
  const RowKey begin = row<SCM, SCM::Running, SCM::begin_shutdown, SCM::StoppingLogonServers,
                           SCM::shutdown_requested_logon_servers_first>();
  const RowKey begin_first = row<SCM, SCM::Running, SCM::begin_shutdown, SCM::StoppingDespoolerFirst,
                                 SCM::shutdown_requested_despooler_first>();
  const RowKey stop_despooler =
      row<SCM, SCM::StoppingDespoolerFirst, SCM::stop_despooler, SCM::StoppingRemainingLogonServers>();
  const RowKey stop_server = row<SCM, SCM::StoppingRemainingLogonServers, SCM::stop_logon_server,
                                 SCM::StoppingRemainingLogonServers, SCM::logon_server_running>();
  const RowKey report = row<SCM, SCM::StoppingRemainingLogonServers, SCM::report_site_down, SCM::SiteDownReported,
                            SCM::all_logon_servers_stopped>();
  const std::vector<Step> written = paths::ubs_started() + paths::shutdown_written();
  const std::vector<Step> begun = written + paths::shutdown_begun();
  const std::vector<Step> despooler_down = begun + paths::despooler_stopped();
  return {
      Case("waits for SHUTDOWN.CT1 under despooler-stops-first too")
          .under(despooler_first)
          .given(paths::ubs_started())
          .fire<SCM, SCM::begin_shutdown>()
          .refuses(begin)
          .refuses(begin_first)
          .takes_nothing(),
      Case("begins with the despooler under despooler-stops-first")
          .under(despooler_first)
          .given(written)
          .takes(begin_first)
          .refuses(begin),
      Case("does not stop a logon server before the despooler")
          .under(despooler_first)
          .given(begun)
          .fire<SCM, SCM::stop_logon_server>()
          .takes_nothing(),

      Case("stops the despooler first")
          .under(despooler_first)
          .given(begun)
          .takes(stop_despooler)
          .then({is<Despooler, Despooler::Stopped>()})
          .sends({sent<SCM, Despooler, Despooler::stop>()}),

      Case("then the lowest numbered logon server")
          .under(despooler_first)
          .logon_servers(2)
          .given(despooler_down)
          .takes(stop_server)
          .then({is<LS, LS::Stopped>(0)})
          .sends({sent<SCM, LS, LS::stop>(0, 0)}),
      Case("then the next one after the despooler")
          .under(despooler_first)
          .logon_servers(2)
          .given(despooler_down + paths::logon_servers_stopped(1))
          .takes(stop_server)
          .then({is<LS, LS::Stopped>(1)})
          .sends({sent<SCM, LS, LS::stop>(0, 1)}),
      Case("has no logon server left to stop after the despooler")
          .under(despooler_first)
          .logon_servers(2)
          .given(despooler_down + paths::logon_servers_stopped(2))
          .fire<SCM, SCM::stop_logon_server>()
          .refuses(stop_server)
          .takes_nothing(),

      Case("reports the site down once the last logon server is stopped")
          .under(despooler_first)
          .logon_servers(2)
          .given(despooler_down + paths::logon_servers_stopped(2))
          .takes(report)
          .then({is<UBS, UBS::SiteDown>()})
          .sends({sent<SCM, UBS, UBS::site_down>()}),
      Case("reports right after the despooler on a site without logon servers")
          .under(despooler_first)
          .logon_servers(0)
          .given(despooler_down)
          .takes(report)
          .then({is<UBS, UBS::SiteDown>()})
          .sends({sent<SCM, UBS, UBS::site_down>()}),
      Case("does not report while a logon server runs")
          .under(despooler_first)
          .logon_servers(2)
          .given(despooler_down + paths::logon_servers_stopped(1))
          .fire<SCM, SCM::report_site_down>()
          .refuses(report)
          .takes_nothing(),
  };
}

std::vector<Case> cases() {
  std::vector<Case> out = original_order();
  for (const Case& c : despooler_stops_first()) out.push_back(c);
  return out;
}

}  // namespace

SMSMC_MACHINE_CASES(SiteConfigManager, cases);

}  // namespace smsmc::sm::machines
