// Logon server (secondary site, M of them). It runs until Site Configuration
// Manager stops it; stopping them one at a time is what makes the shutdown
// slow, and so what widens the race window.
#pragma once

#include "statemachines/machine.h"

namespace smsmc::sm {
namespace logon_server {

// clang-format off
struct Running : msmf::state<> { static constexpr const char* name = "Running"; };
struct Stopped : msmf::state<> { static constexpr const char* name = "Stopped"; };

// event: stop (SCM -> logon server)
struct stop : message_event { static constexpr const char* name = "stop"; };
// clang-format on

}  // namespace logon_server

struct LogonServer : machine_def<LogonServer> {
  static constexpr ServiceTraits traits = ServiceTraits{}
      .name("logon_server")
      .summary("logon server: runs until SCM stops it")
      .title("Logon server")
      .band(Band::secondary)
      .per_site([](const Params& params) { return params.logon_servers; });
  using initial_state = logon_server::Running;

  // clang-format off
  using Running = logon_server::Running;
  using Stopped = logon_server::Stopped;
  using stop = logon_server::stop;
  using none = msmf::none;

  struct transition_table : boost::mpl::vector<
  //          Start  , Event, Next   , Action, Guard
  //        +--------+------+--------+-------+------+
  msmf::Row < Running, stop , Stopped, none  , none >
  //        +--------+------+--------+-------+------+
  > {};
  // clang-format on
};

}  // namespace smsmc::sm
