#include "statemachines/site_config_manager.h"

#include "statemachines/services.h"

namespace smsmc::sm::site_config_manager {

namespace {
/// SHUTDOWN.CT1 exists from the moment UBS writes it.
bool shutdown_ct1_exists(const Context& ctx) {
  const unsigned ubs = ctx.state_of<UpgradeBootstrap>();
  return ubs != state_id<UpgradeBootstrap, upgrade_bootstrap::NotInstalled>() &&
         ubs != state_id<UpgradeBootstrap, upgrade_bootstrap::Started>();
}
}  // namespace

bool shutdown_requested_logon_servers_first::check(const Context& ctx) {
  return shutdown_ct1_exists(ctx) && ctx.switches().shutdown_order() == ShutdownOrder::logon_servers_first;
}

bool shutdown_requested_despooler_first::check(const Context& ctx) {
  return shutdown_ct1_exists(ctx) && ctx.switches().shutdown_order() == ShutdownOrder::despooler_first;
}

bool logon_server_running::check(const Context& ctx) {
  return ctx.first_in<LogonServer>(state_id<LogonServer, logon_server::Running>()) >= 0;
}

bool all_logon_servers_stopped::check(const Context& ctx) { return !logon_server_running::check(ctx); }

void stop_next_logon_server::run(const Context& ctx) {
  ctx.deliver(ctx.first_in<LogonServer>(state_id<LogonServer, logon_server::Running>()),
              event_id<LogonServer, logon_server::stop>());
}

void stop_the_despooler::run(const Context& ctx) {
  ctx.deliver(ctx.layout().actor_of<Despooler>(ctx.site()), event_id<Despooler, despooler::stop>());
}

void notify_ubs_site_down::run(const Context& ctx) {
  ctx.deliver(ctx.layout().actor_of<UpgradeBootstrap>(ctx.site()),
              event_id<UpgradeBootstrap, upgrade_bootstrap::site_down>());
}

}  // namespace smsmc::sm::site_config_manager
