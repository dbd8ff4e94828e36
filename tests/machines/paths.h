// Setup paths the machine tests share: the protocol's usual steps, each
// named after the world it leaves behind, composed with +. When a table
// changes how the protocol gets somewhere, the path changes here once.
#pragma once

#include "tests/machines/harness.h"

namespace smsmc::sm::machines::paths {

/// HM delivers and starts UBS: HM UbsStarted, UBS Started.
inline std::vector<Step> ubs_started() { return {step<HierarchyManager, HierarchyManager::deliver_ubs>()}; }
/// HM hands the site install package to the link: HM PackageSent, link
/// Carrying (without the handshake right after UBS starts; with it once the
/// site is down).
inline std::vector<Step> package_sent() { return {step<HierarchyManager, HierarchyManager::send_package>()}; }
/// With sender slots: the queued package starts crossing in a free slot.
inline std::vector<Step> sending_started() { return {step<SenderLink, SenderLink::start_sending>()}; }
/// The link drops the package into the despooler inbox.
inline std::vector<Step> package_delivered() { return {step<SenderLink, SenderLink::deliver_package>()}; }
/// The running despooler executes the package: c0000001, the package is gone.
inline std::vector<Step> package_executed() { return {step<Despooler, Despooler::execute_instruction>()}; }
/// UBS writes SHUTDOWN.CT1: UBS ShutdownRequested.
inline std::vector<Step> shutdown_written() { return {step<UpgradeBootstrap, UpgradeBootstrap::write_shutdown_ct1>()}; }
/// SCM begins executing SHUTDOWN.CT1.
inline std::vector<Step> shutdown_begun() { return {step<SiteConfigManager, SiteConfigManager::begin_shutdown>()}; }
/// SCM stops `count` logon servers, lowest-numbered first.
inline std::vector<Step> logon_servers_stopped(int count) {
  return std::vector<Step>(static_cast<std::size_t>(count),
                           step<SiteConfigManager, SiteConfigManager::stop_logon_server>());
}
/// SCM stops the despooler.
inline std::vector<Step> despooler_stopped() { return {step<SiteConfigManager, SiteConfigManager::stop_despooler>()}; }
/// SCM reports the site down: UBS SiteDown (and, with the handshake, HM
/// SiteDownReported).
inline std::vector<Step> site_down_reported() {
  return {step<SiteConfigManager, SiteConfigManager::report_site_down>()};
}
/// SHUTDOWN.CT1 executed in the original order, once UBS has written it:
/// every logon server, the despooler, the report. UBS SiteDown.
inline std::vector<Step> site_shut_down(int logon_servers) {
  return shutdown_begun() + logon_servers_stopped(logon_servers) + despooler_stopped() + site_down_reported();
}
/// The KB's race in the original protocol, M logon servers: the despooler
/// executes the package before the shutdown, and UBS waits, the site down,
/// for a package that is nowhere (HM PackageSent, link Idle, inbox Empty).
inline std::vector<Step> site_stuck(int logon_servers) {
  return ubs_started() + package_sent() + package_delivered() + package_executed() + shutdown_written() +
         site_shut_down(logon_servers);
}
/// The handshake's run up to the report: UBS SiteDown, HM SiteDownReported.
inline std::vector<Step> site_down_with_handshake(int logon_servers) {
  return ubs_started() + shutdown_written() + site_shut_down(logon_servers);
}

}  // namespace smsmc::sm::machines::paths
