// Site Configuration Manager (secondary site).
//
// Executes SHUTDOWN.CT1 once UBS has written it: stops every logon server,
// one at a time (the slow part), then the despooler, then reports the site
// down to UBS. Under the despooler-stops-first patch it stops the despooler
// before the logon servers.
#pragma once

#include "statemachines/machine.h"

namespace smsmc::sm {
namespace site_config_manager {

// clang-format off
struct Running                : msmf::state<> { static constexpr const char* name = "Running"; };
struct StoppingLogonServers   : msmf::state<> { static constexpr const char* name = "StoppingLogonServers"; };
struct DespoolerStopped       : msmf::state<> { static constexpr const char* name = "DespoolerStopped"; };
struct StoppingDespoolerFirst : msmf::state<> { static constexpr const char* name = "StoppingDespoolerFirst"; };
struct StoppingRemainingLogonServers : msmf::state<> { static constexpr const char* name = "StoppingRemainingLogonServers"; };
struct SiteDownReported       : msmf::state<> { static constexpr const char* name = "SiteDownReported"; };

// event: SCM finds SHUTDOWN.CT1 and starts executing it (SCM step)
struct begin_shutdown    : step_event { static constexpr const char* name = "begin_shutdown";
                                       static constexpr const char* duration = "scm.begin_shutdown"; };
// event: SCM stops the next running logon server (SCM step)
struct stop_logon_server : step_event { static constexpr const char* name = "stop_logon_server";
                                       static constexpr const char* duration = "scm.stop_logon_server"; };
// event: SCM stops the despooler (SCM step)
struct stop_despooler    : step_event { static constexpr const char* name = "stop_despooler";
                                       static constexpr const char* duration = "scm.stop_despooler"; };
// event: SCM reports the site down to UBS (SCM step)
struct report_site_down  : step_event { static constexpr const char* name = "report_site_down";
                                       static constexpr const char* duration = "scm.report_site_down"; };
// clang-format on

struct shutdown_requested_logon_servers_first : guard<shutdown_requested_logon_servers_first> {
  static constexpr const char* name = "SHUTDOWN.CT1 && logon_servers_first";
  static bool check(const Context& ctx);
};
struct shutdown_requested_despooler_first : guard<shutdown_requested_despooler_first> {
  static constexpr const char* name = "SHUTDOWN.CT1 && despooler_first";
  static bool check(const Context& ctx);
};
struct logon_server_running : guard<logon_server_running> {
  static constexpr const char* name = "logon_server_running";
  static bool check(const Context& ctx);
};
struct all_logon_servers_stopped : guard<all_logon_servers_stopped> {
  static constexpr const char* name = "all_logon_servers_stopped";
  static bool check(const Context& ctx);
};
/// Stops the lowest-numbered running logon server (SCM -> logon server).
struct stop_next_logon_server : action<stop_next_logon_server> {
  static constexpr const char* name = "stop_next_logon_server";
  static void run(const Context& ctx);
};
/// Stops the despooler (SCM -> despooler).
struct stop_the_despooler : action<stop_the_despooler> {
  static constexpr const char* name = "stop_the_despooler";
  static void run(const Context& ctx);
};
/// Tells UBS the site is down (SCM -> UBS).
struct notify_ubs_site_down : action<notify_ubs_site_down> {
  static constexpr const char* name = "notify_ubs_site_down";
  static void run(const Context& ctx);
};

}  // namespace site_config_manager

struct SiteConfigManager : machine_def<SiteConfigManager> {
  static constexpr ServiceTraits traits = ServiceTraits{}
      .name("site_config_manager")
      .summary("SCM: executes SHUTDOWN.CT1, stopping the logon servers and the despooler")
      .title("Site Config Manager")
      .band(Band::secondary);
  using initial_state = site_config_manager::Running;

  // clang-format off
  using Running = site_config_manager::Running;
  using StoppingLogonServers = site_config_manager::StoppingLogonServers;
  using DespoolerStopped = site_config_manager::DespoolerStopped;
  using StoppingDespoolerFirst = site_config_manager::StoppingDespoolerFirst;
  using StoppingRemainingLogonServers = site_config_manager::StoppingRemainingLogonServers;
  using SiteDownReported = site_config_manager::SiteDownReported;
  using begin_shutdown = site_config_manager::begin_shutdown;
  using stop_logon_server = site_config_manager::stop_logon_server;
  using stop_despooler = site_config_manager::stop_despooler;
  using report_site_down = site_config_manager::report_site_down;
  using shutdown_requested_logon_servers_first = site_config_manager::shutdown_requested_logon_servers_first;
  using shutdown_requested_despooler_first = site_config_manager::shutdown_requested_despooler_first;
  using logon_server_running = site_config_manager::logon_server_running;
  using all_logon_servers_stopped = site_config_manager::all_logon_servers_stopped;
  using stop_next_logon_server = site_config_manager::stop_next_logon_server;
  using stop_the_despooler = site_config_manager::stop_the_despooler;
  using notify_ubs_site_down = site_config_manager::notify_ubs_site_down;
  using none = msmf::none;

  struct transition_table : boost::mpl::vector<
  //          Start                        , Event            , Next                         , Action                , Guard
  //        +------------------------------+------------------+------------------------------+-----------------------+----------------------------------------+
  msmf::Row < Running                      , begin_shutdown   , StoppingLogonServers         , none                  , shutdown_requested_logon_servers_first >,
  msmf::Row < Running                      , begin_shutdown   , StoppingDespoolerFirst       , none                  , shutdown_requested_despooler_first     >,
  //        +------------------------------+------------------+------------------------------+-----------------------+----------------------------------------+
  // original order: logon servers, then the despooler, then the report
  msmf::Row < StoppingLogonServers         , stop_logon_server, StoppingLogonServers         , stop_next_logon_server, logon_server_running                   >,
  msmf::Row < StoppingLogonServers         , stop_despooler   , DespoolerStopped             , stop_the_despooler    , all_logon_servers_stopped              >,
  msmf::Row < DespoolerStopped             , report_site_down , SiteDownReported             , notify_ubs_site_down  , none                                   >,
  //        +------------------------------+------------------+------------------------------+-----------------------+----------------------------------------+
  // despooler-stops-first: the despooler, then the logon servers, then the report
  msmf::Row < StoppingDespoolerFirst       , stop_despooler   , StoppingRemainingLogonServers, stop_the_despooler    , none                                   >,
  msmf::Row < StoppingRemainingLogonServers, stop_logon_server, StoppingRemainingLogonServers, stop_next_logon_server, logon_server_running                   >,
  msmf::Row < StoppingRemainingLogonServers, report_site_down , SiteDownReported             , notify_ubs_site_down  , all_logon_servers_stopped              >
  //        +------------------------------+------------------+------------------------------+-----------------------+----------------------------------------+
  > {};
  // clang-format on
};

}  // namespace smsmc::sm
