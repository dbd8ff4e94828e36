// Logon server (statemachines/logon_server.h): it runs until SCM stops it;
// a stop to a stopped server is a finding.
#include "tests/machines/harness.h"

namespace smsmc::sm::machines {
namespace {

using LS = LogonServer;

std::vector<Case> cases() {
  const RowKey stop = row<LS, LS::Running, LS::stop, LS::Stopped>();
  return {
      Case("stops when SCM tells it").takes(stop),
      Case("stops alone, leaving the site's other logon servers running").logon_servers(3).takes(stop, 1),
      Case("a stop to a stopped server is unhandled")
          .logon_servers(2)
          .given({step<LS, LS::stop>(1)})
          .fire<LS, LS::stop>(1)
          .unhandled(),
  };
}

}  // namespace

SMSMC_MACHINE_CASES(LogonServer, cases);

}  // namespace smsmc::sm::machines
