// Upgrade Bootstrap Service (secondary site).
//
// Once HM has delivered and started it, it issues the site shutdown by
// writing SHUTDOWN.CT1, waits for Site Configuration Manager to report the
// site down, then takes the site install package from the despooler inbox and
// upgrades the site. If the package is gone it waits forever, and the 48-hour
// watchdog puts the site into an Emergency Restart.
#pragma once

#include "statemachines/machine.h"

namespace smsmc::sm {
namespace upgrade_bootstrap {

// clang-format off
struct NotInstalled      : msmf::state<> { static constexpr const char* name = "NotInstalled"; };
struct Started           : msmf::state<> { static constexpr const char* name = "Started"; };
struct ShutdownRequested : msmf::state<> { static constexpr const char* name = "ShutdownRequested"; };
struct SiteDown          : msmf::state<> { static constexpr const char* name = "SiteDown"; };
struct Upgraded          : msmf::state<> { static constexpr const char* name = "Upgraded"; };

// event: HM delivered and starts the service (HM -> UBS)
struct start              : message_event { static constexpr const char* name = "start"; };
// event: UBS issues the site shutdown by writing SHUTDOWN.CT1 (UBS step)
struct write_shutdown_ct1 : step_event    { static constexpr const char* name = "write_shutdown_ct1";
                                           static constexpr const char* duration = "ubs.write_shutdown"; };
// event: the site is down (SCM -> UBS)
struct site_down          : message_event { static constexpr const char* name = "site_down"; };
// event: UBS takes the site install package from the inbox and upgrades the site (UBS step)
struct install_site       : step_event    { static constexpr const char* name = "install_site";
                                           static constexpr const char* duration = "ubs.upgrade"; };
// clang-format on

/// Handshake patch: the parent waits for UBS's "site down" report.
struct parent_waits_for_site_down : guard<parent_waits_for_site_down> {
  static constexpr const char* name = "handshake";
  static bool check(const Context& ctx);
};
struct parent_does_not_wait : guard<parent_does_not_wait> {
  static constexpr const char* name = "!handshake";
  static bool check(const Context& ctx);
};
/// The package waits in the inbox and the watchdog has not restarted the
/// site (which, untimed, it does only once the package is gone anyway).
struct package_in_inbox : guard<package_in_inbox> {
  static constexpr const char* name = "package_in_inbox && !emergency_restart";
  static bool check(const Context& ctx);
};
/// Reports "site down" to the parent's HM (UBS -> HM).
struct report_site_down_to_parent : action<report_site_down_to_parent> {
  static constexpr const char* name = "report_site_down_to_parent";
  static void run(const Context& ctx);
};
/// Takes the package out of the inbox (UBS -> inbox) and runs the upgrade.
struct take_package_and_upgrade : action<take_package_and_upgrade> {
  static constexpr const char* name = "take_package_and_upgrade";
  static void run(const Context& ctx);
};

}  // namespace upgrade_bootstrap

struct UpgradeBootstrap : machine_def<UpgradeBootstrap> {
  static constexpr ServiceTraits traits = ServiceTraits{}
      .name("upgrade_bootstrap")
      .summary("UBS: writes SHUTDOWN.CT1, waits for the site to be down, installs the package")
      .title("Upgrade Bootstrap")
      .band(Band::secondary);
  using initial_state = upgrade_bootstrap::NotInstalled;

  // clang-format off
  using NotInstalled = upgrade_bootstrap::NotInstalled;
  using Started = upgrade_bootstrap::Started;
  using ShutdownRequested = upgrade_bootstrap::ShutdownRequested;
  using SiteDown = upgrade_bootstrap::SiteDown;
  using Upgraded = upgrade_bootstrap::Upgraded;
  using start = upgrade_bootstrap::start;
  using write_shutdown_ct1 = upgrade_bootstrap::write_shutdown_ct1;
  using site_down = upgrade_bootstrap::site_down;
  using install_site = upgrade_bootstrap::install_site;
  using parent_waits_for_site_down = upgrade_bootstrap::parent_waits_for_site_down;
  using parent_does_not_wait = upgrade_bootstrap::parent_does_not_wait;
  using package_in_inbox = upgrade_bootstrap::package_in_inbox;
  using report_site_down_to_parent = upgrade_bootstrap::report_site_down_to_parent;
  using take_package_and_upgrade = upgrade_bootstrap::take_package_and_upgrade;
  using none = msmf::none;

  struct transition_table : boost::mpl::vector<
  //          Start            , Event             , Next             , Action                    , Guard
  //        +------------------+-------------------+------------------+---------------------------+---------------------------+
  msmf::Row < NotInstalled     , start             , Started          , none                      , none                      >,
  msmf::Row < Started          , write_shutdown_ct1, ShutdownRequested, none                      , none                      >,
  //        +------------------+-------------------+------------------+---------------------------+---------------------------+
  msmf::Row < ShutdownRequested, site_down         , SiteDown         , report_site_down_to_parent, parent_waits_for_site_down>,
  msmf::Row < ShutdownRequested, site_down         , SiteDown         , none                      , parent_does_not_wait      >,
  //        +------------------+-------------------+------------------+---------------------------+---------------------------+
  msmf::Row < SiteDown         , install_site      , Upgraded         , take_package_and_upgrade  , package_in_inbox          >
  //        +------------------+-------------------+------------------+---------------------------+---------------------------+
  > {};
  // clang-format on
};

}  // namespace smsmc::sm
