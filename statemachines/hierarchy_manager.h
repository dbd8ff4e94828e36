// Hierarchy Manager (parent site), one upgrade job per secondary site.
//
// It delivers the Upgrade Bootstrap Service to the secondary and starts it,
// then sends the site install package over the sender link. In the original
// protocol it sends right away; under the handshake patch it waits for UBS to
// report the site down. The operator's PREINST /UPGRADE makes it send again.
//
// With `--hm one-at-a-time` (spec/shared-parent.md) these per-site jobs share
// the parent's one HM, the hm_worker: a job starts its site's UBS only while
// the worker is free, holds it until it has sent the site's package (under
// the handshake, through the wait for the site-down report), then frees it.
// Which waiting job goes next is open: any order.
#pragma once

#include "statemachines/machine.h"

namespace smsmc::sm {
namespace hierarchy_manager {

// clang-format off
struct Idle             : msmf::state<> { static constexpr const char* name = "Idle"; };
struct UbsStarted       : msmf::state<> { static constexpr const char* name = "UbsStarted"; };
struct SiteDownReported : msmf::state<> { static constexpr const char* name = "SiteDownReported"; };
struct PackageSent      : msmf::state<> { static constexpr const char* name = "PackageSent"; };

// event: HM delivers the Upgrade Bootstrap Service to the secondary and starts it (HM step)
struct deliver_ubs      : step_event    { static constexpr const char* name = "deliver_ubs";
                                         static constexpr const char* duration = "hm.deliver_ubs"; };
// event: HM sends the site install package to the sender link (HM step)
struct send_package     : step_event    { static constexpr const char* name = "send_package";
                                         static constexpr const char* duration = "hm.send_package"; };
// event: "site down" report (UBS -> HM; handshake patch only)
struct site_down_report : message_event { static constexpr const char* name = "site_down_report"; };
// event: PREINST /UPGRADE:<code> asks HM to send the package again (operator -> HM)
struct resend_package   : message_event { static constexpr const char* name = "resend_package"; };
// clang-format on

/// The original protocol sends without waiting for anything.
struct sends_before_site_down : guard<sends_before_site_down> {
  static constexpr const char* name = "!handshake";
  static bool check(const Context& ctx);
};
/// The parent's one HM is free to take this site (always, when every site
/// has its own job: `--hm one-job-per-site`).
struct hm_worker_free : guard<hm_worker_free> {
  static constexpr const char* name = "hm_worker_free";
  static bool check(const Context& ctx);
};
/// Takes the HM worker, if the parent has one (HM -> worker), and starts UBS
/// on the secondary (HM -> UBS).
struct start_ubs : action<start_ubs> {
  static constexpr const char* name = "start_ubs";
  static void run(const Context& ctx);
};
/// Hands the site install package to the sender link (HM -> link); the
/// site's job is done, so it frees the HM worker, if the parent has one
/// (HM -> worker).
struct hand_package_to_link : action<hand_package_to_link> {
  static constexpr const char* name = "hand_package_to_link";
  static void run(const Context& ctx);
};
/// PREINST's resend (HM -> link): the operator's doing, outside the site's
/// job, so it leaves the HM worker alone.
struct hand_package_to_link_again : action<hand_package_to_link_again> {
  static constexpr const char* name = "hand_package_to_link_again";
  static void run(const Context& ctx);
};

}  // namespace hierarchy_manager

struct HierarchyManager : machine_def<HierarchyManager> {
  static constexpr ServiceTraits traits = ServiceTraits{}
      .name("hierarchy_manager")
      .summary("parent HM: starts UBS on the secondary, then sends the site install package")
      .title("Hierarchy Manager")
      .band(Band::parent);
  using initial_state = hierarchy_manager::Idle;

  // clang-format off
  using Idle = hierarchy_manager::Idle;
  using UbsStarted = hierarchy_manager::UbsStarted;
  using SiteDownReported = hierarchy_manager::SiteDownReported;
  using PackageSent = hierarchy_manager::PackageSent;
  using deliver_ubs = hierarchy_manager::deliver_ubs;
  using send_package = hierarchy_manager::send_package;
  using site_down_report = hierarchy_manager::site_down_report;
  using resend_package = hierarchy_manager::resend_package;
  using start_ubs = hierarchy_manager::start_ubs;
  using hand_package_to_link = hierarchy_manager::hand_package_to_link;
  using hand_package_to_link_again = hierarchy_manager::hand_package_to_link_again;
  using hm_worker_free = hierarchy_manager::hm_worker_free;
  using sends_before_site_down = hierarchy_manager::sends_before_site_down;
  using none = msmf::none;

  struct transition_table : boost::mpl::vector<
  //          Start             Event             Next              Action                      Guard
  //        +-----------------+-----------------+-----------------+---------------------------+-----------------------+
  msmf::Row < Idle            , deliver_ubs     , UbsStarted      , start_ubs                 , hm_worker_free        >,
  //        +-----------------+-----------------+-----------------+---------------------------+-----------------------+
  msmf::Row < UbsStarted      , send_package    , PackageSent     , hand_package_to_link      , sends_before_site_down>,
  msmf::Row < UbsStarted      , site_down_report, SiteDownReported, none                      , none                  >,
  //        +-----------------+-----------------+-----------------+---------------------------+-----------------------+
  msmf::Row < SiteDownReported, send_package    , PackageSent     , hand_package_to_link      , none                  >,
  //        +-----------------+-----------------+-----------------+---------------------------+-----------------------+
  msmf::Row < PackageSent     , resend_package  , PackageSent     , hand_package_to_link_again, none                  >
  //        +-----------------+-----------------+-----------------+---------------------------+-----------------------+
  > {};
  // clang-format on
};

}  // namespace smsmc::sm
