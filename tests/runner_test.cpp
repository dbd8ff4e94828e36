// The two runners of a step, the compiled tables (TableRunner) and the real
// Boost.MSM back ends (MsmRunner), report a message a machine's table does
// not handle in one place, with the same ghost bit and the same log line.
#include "spec/model.h"
#include "spec/variants.h"
#include "statemachines/protocol.h"
#include "statemachines/services.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace smsmc::sm {
namespace {

struct Delivery {
  std::vector<Word> state;
  std::vector<LogLine> log;
};

/// Delivers `events` in turn from actor `from` to actor `to` through the
/// runner the caller makes, starting from the initial state.
template <class MakeRunner>
Delivery deliver(const spec::ProtocolModel& model, int from, int to, const std::vector<int>& events,
                 MakeRunner make_runner) {
  Delivery out;
  model.init_states(out.state);
  World world = model.world(out.state.data(), nullptr, &out.log);
  auto runner = make_runner(world);
  world.dispatcher = runner.get();
  for (int event : events) runner->deliver(Context(world, from), to, event);
  return out;
}

class BothRunners : public testing::Test {
 protected:
  const spec::ProtocolModel model{{spec::find_variant("original"), 1, 2, spec::Environment::unattended}};
  const Layout& layout = model.layout();

  void expect_same(int from, int to, const std::vector<int>& events, const std::string& expected_line) {
    const Delivery tables =
        deliver(model, from, to, events, [](World&) { return std::make_unique<TableRunner>(); });
    const Delivery msm =
        deliver(model, from, to, events, [](World& world) { return std::make_unique<MsmRunner>(world); });
    EXPECT_TRUE(unhandled_event(layout, tables.state.data()));
    EXPECT_TRUE(unhandled_event(layout, msm.state.data()));
    EXPECT_EQ(tables.state, msm.state);
    ASSERT_EQ(tables.log.size(), 1u);
    ASSERT_EQ(msm.log.size(), 1u);
    EXPECT_EQ(tables.log[0].actor, to);
    EXPECT_EQ(msm.log[0].actor, to);
    EXPECT_EQ(tables.log[0].text, expected_line);
    EXPECT_EQ(msm.log[0].text, expected_line);
  }
};

TEST_F(BothRunners, ReportATakeFromAnEmptyInboxWithTheSameLogLine) {
  expect_same(layout.actor_of<UpgradeBootstrap>(0), layout.actor_of<DespoolerInbox>(0),
              {event_id<DespoolerInbox, despooler_inbox::take>()}, "unhandled event take in state Empty");
}

TEST_F(BothRunners, NameTheStateAMessageFoundTheMachineIn) {
  // The first stop is handled; the second finds the server in Stopped (MSM's
  // state 1), and both runners name that state, not its number.
  const int stop = event_id<LogonServer, logon_server::stop>();
  expect_same(layout.actor_of<SiteConfigManager>(0), layout.instance(service_id<LogonServer>(), 0, 1), {stop, stop},
              "unhandled event stop in state Stopped");
}

TEST_F(BothRunners, LeaveTheGhostBitClearWhenTheMessageIsHandled) {
  const int put = event_id<DespoolerInbox, despooler_inbox::put>();
  for (auto make : {+[](World&) -> std::unique_ptr<Dispatcher> { return std::make_unique<TableRunner>(); },
                    +[](World& world) -> std::unique_ptr<Dispatcher> { return std::make_unique<MsmRunner>(world); }}) {
    const Delivery d = deliver(model, layout.actor_of<SenderLink>(0), layout.actor_of<DespoolerInbox>(0), {put}, make);
    EXPECT_FALSE(unhandled_event(layout, d.state.data()));
    EXPECT_TRUE(d.log.empty());
  }
}

}  // namespace
}  // namespace smsmc::sm
