#include "statemachines/despooler.h"

#include "statemachines/services.h"

namespace smsmc::sm::despooler {

namespace {
bool deferred(const Context& ctx) {
  const unsigned ubs = ctx.state_of<UpgradeBootstrap>();
  switch (ctx.switches().deferral()) {
    case ConfigDeferral::never:
      return false;
    case ConfigDeferral::while_ubs_installed:
      return ubs != state_id<UpgradeBootstrap, upgrade_bootstrap::NotInstalled>();
    case ConfigDeferral::once_shutdown_requested:
      return ubs != state_id<UpgradeBootstrap, upgrade_bootstrap::NotInstalled>() &&
             ubs != state_id<UpgradeBootstrap, upgrade_bootstrap::Started>();
  }
  return false;
}
}  // namespace

bool config_job_to_execute::check(const Context& ctx) {
  return ctx.state_of<DespoolerInbox>() == state_id<DespoolerInbox, despooler_inbox::HoldsPackage>() &&
         !deferred(ctx);
}

void execute_config_instruction::run(const Context& ctx) {
  ctx.log(log_executing);
  ctx.log(log_no_config_data);
  ctx.log(log_c0000001);
  ctx.deliver(ctx.layout().actor_of<DespoolerInbox>(ctx.site()), event_id<DespoolerInbox, despooler_inbox::take>());
  ctx.mark_config_failed();
}

}  // namespace smsmc::sm::despooler
