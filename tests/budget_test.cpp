// mc/budget.h and mc/workers.h: charging beyond the limit fails cleanly,
// the default limit follows the machine and its cgroup, --max-memory
// values, and allocation failures in worker threads end as a kept error
// (with the test-only allocation limit, and with setrlimit in a child of
// the release build).
#include "mc/budget.h"
#include "mc/checker.h"
#include "mc/workers.h"
#include "tests/alloc_limit.h"
#include "tests/child.h"
#include "tests/graph_model.h"

#include <gtest/gtest.h>

#include <sys/resource.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>
#include <vector>

namespace smsmc::mc {
namespace {

namespace fs = std::filesystem;

TEST(MemoryBudget, ChargesUpToTheLimitAndNoFurther) {
  MemoryBudget budget(1000);
  EXPECT_TRUE(budget.try_reserve(600));
  EXPECT_FALSE(budget.reached());
  EXPECT_FALSE(budget.try_reserve(401));  // would be 1001
  EXPECT_TRUE(budget.reached());
  EXPECT_EQ(budget.used(), 600u);        // a refused charge charges nothing
  EXPECT_TRUE(budget.try_reserve(400));  // exactly the limit
  EXPECT_EQ(budget.used(), 1000u);
  budget.release(700);
  EXPECT_EQ(budget.used(), 300u);
  EXPECT_EQ(budget.peak(), 1000u);
  EXPECT_FALSE(budget.try_reserve(UINT64_MAX));  // no overflow in the check
  EXPECT_EQ(budget.used(), 300u);
}

TEST(MemoryBudget, ZeroMeansNoLimitButStillCounts) {
  MemoryBudget budget(0);
  EXPECT_TRUE(budget.try_reserve(UINT64_MAX / 2));
  EXPECT_TRUE(budget.try_reserve(UINT64_MAX / 4));
  EXPECT_FALSE(budget.reached());
  EXPECT_EQ(budget.used(), UINT64_MAX / 2 + UINT64_MAX / 4);
}

TEST(MemoryBudget, ReserveThrowsABadAlloc) {
  MemoryBudget budget(10);
  budget.reserve(10);
  EXPECT_THROW(budget.reserve(1), BudgetExceeded);
  try {
    budget.reserve(1);
  } catch (const std::bad_alloc& e) {  // the search's one catch sees it
    EXPECT_STREQ(e.what(), "the memory budget is reached");
  }
  EXPECT_EQ(budget.used(), 10u);
}

TEST(MemoryBudget, ReservationGivesItsBytesBack) {
  MemoryBudget budget(100);
  {
    Reservation a(budget, 60);
    EXPECT_EQ(budget.used(), 60u);
    EXPECT_THROW(Reservation(budget, 41), BudgetExceeded);
    Reservation moved(std::move(a));
    EXPECT_EQ(budget.used(), 60u);
  }
  EXPECT_EQ(budget.used(), 0u);
}

TEST(MemoryBudget, ThreadsChargeExactlyTheLimit) {
  // No releases: exactly limit / 8 charges of 8 bytes can succeed, whatever
  // the interleaving of the four threads.
  MemoryBudget budget(1'000'000);
  std::vector<std::thread> threads;
  std::vector<std::uint64_t> successes(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 100'000; ++i) successes[static_cast<std::size_t>(t)] += budget.try_reserve(8) ? 1 : 0;
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(successes[0] + successes[1] + successes[2] + successes[3], 125'000u);
  EXPECT_EQ(budget.used(), 1'000'000u);
  EXPECT_TRUE(budget.reached());
}

// --- the default limit ------------------------------------------------------

TEST(DefaultMemoryLimit, ThreeQuartersOfTheSmallestOfMachineCgroupAndAddressSpace) {
  EXPECT_EQ(default_memory_limit({std::uint64_t{16} << 30, std::nullopt, std::nullopt}), std::uint64_t{12} << 30);
  EXPECT_EQ(default_memory_limit({std::uint64_t{16} << 30, std::uint64_t{4} << 30, std::nullopt}), std::uint64_t{3} << 30);
  EXPECT_EQ(default_memory_limit({std::uint64_t{16} << 30, std::uint64_t{64} << 30, std::nullopt}), std::uint64_t{12} << 30);
  EXPECT_EQ(default_memory_limit({0, std::uint64_t{4} << 30, std::nullopt}), std::uint64_t{3} << 30);
  // `ulimit -v`: the smallest of the three.
  EXPECT_EQ(default_memory_limit({std::uint64_t{16} << 30, std::uint64_t{8} << 30, std::uint64_t{2} << 30}),
            std::uint64_t{3} << 29);
  EXPECT_EQ(default_memory_limit({std::uint64_t{16} << 30, std::nullopt, std::uint64_t{64} << 30}),
            std::uint64_t{12} << 30);
  const MemoryFacts here = system_memory();
  EXPECT_GT(here.physical, std::uint64_t{64} << 20);  // sysconf answered
  EXPECT_GT(default_memory_limit(here), 0u);
}

class CgroupTree : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "smsmc-cgroup-XXXXXX").string();
    root_ = ::mkdtemp(pattern.data());
  }
  void TearDown() override { fs::remove_all(root_); }
  void limit(const std::string& dir, const std::string& file, const std::string& value) {
    fs::create_directories(root_ / dir);
    std::ofstream(root_ / dir / file) << value << "\n";
  }
  fs::path root_;
};

TEST_F(CgroupTree, V2TakesTheSmallestLimitOnTheWayUp) {
  limit("", "memory.max", "max");
  limit("a", "memory.max", "1073741824");
  limit("a/b", "memory.max", "max");
  EXPECT_EQ(cgroup_memory_limit("0::/a/b\n", root_.string()), std::uint64_t{1} << 30);
  limit("a/b", "memory.max", "536870912");
  EXPECT_EQ(cgroup_memory_limit("0::/a/b\n", root_.string()), std::uint64_t{1} << 29);
  EXPECT_EQ(cgroup_memory_limit("0::/\n", root_.string()), std::nullopt);
  // A container sees its own group at the root; the path it is told is absent.
  limit("", "memory.max", "2147483648");
  EXPECT_EQ(cgroup_memory_limit("0::/elsewhere/x\n", root_.string()), std::uint64_t{2} << 30);
}

TEST_F(CgroupTree, V1ReadsTheMemoryControllerAndIgnoresUnlimited) {
  limit("memory", "memory.limit_in_bytes", "9223372036854771712");  // v1's "unlimited"
  EXPECT_EQ(cgroup_memory_limit("4:memory:/process_api/c28\n0::/\n", root_.string()), std::nullopt);
  limit("memory/process_api", "memory.limit_in_bytes", "3221225472");
  EXPECT_EQ(cgroup_memory_limit("9:name=systemd:/\n4:cpu,memory:/process_api/c28\n", root_.string()),
            std::uint64_t{3} << 30);
  EXPECT_EQ(cgroup_memory_limit("garbage\n\n4:cpu:/x\n", root_.string()), std::nullopt);
  limit("memory/junk", "memory.limit_in_bytes", "12abc");
  EXPECT_EQ(cgroup_memory_limit("4:memory:/junk\n", root_.string()), std::nullopt);
}

// --- --max-memory --------------------------------------------------------------

TEST(ParseMemorySize, BinaryUnitsAndByteCounts) {
  EXPECT_EQ(parse_memory_size("512M"), std::uint64_t{512} << 20);
  EXPECT_EQ(parse_memory_size("6G"), std::uint64_t{6} << 30);
  EXPECT_EQ(parse_memory_size("6g"), std::uint64_t{6} << 30);
  EXPECT_EQ(parse_memory_size("1.5GiB"), std::uint64_t{3} << 29);
  EXPECT_EQ(parse_memory_size("1.5 GiB"), std::uint64_t{3} << 29);
  EXPECT_EQ(parse_memory_size(".5K"), 512u);
  EXPECT_EQ(parse_memory_size("2T"), std::uint64_t{2} << 40);
  EXPECT_EQ(parse_memory_size("1073741824"), std::uint64_t{1} << 30);
  EXPECT_EQ(parse_memory_size("100B"), 100u);
  EXPECT_EQ(parse_memory_size("0"), 0u);  // no bound
  EXPECT_EQ(parse_memory_size("18446744073709551615"), UINT64_MAX);
  EXPECT_EQ(parse_memory_size("16777215T"), std::uint64_t{16777215} << 40);
}

std::string refusal(const char* text) {
  try {
    (void)parse_memory_size(text);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "accepted";
}

TEST(ParseMemorySize, RefusesWithTheReason) {
  EXPECT_EQ(refusal("-1G"),
            "--max-memory '-1G': a size cannot be negative; expected a size such as 512M, 6G, 1.5GiB "
            "or a byte count (0: no bound)");
  for (const char* text : {"", "G", "nan", "inf", "NaN", "1e9", "0x10", "+5", ". G"})
    EXPECT_NE(refusal(text).find("expected a size such as"), std::string::npos) << text;
  EXPECT_EQ(refusal("6GB"), "--max-memory '6GB': decimal units are ambiguous; write 6G or 6GiB (binary units)");
  EXPECT_EQ(refusal("6 parsecs"),
            "--max-memory '6 parsecs': unknown unit 'parsecs'; expected a size such as 512M, "
            "6G, 1.5GiB or a byte count (0: no bound)");
  EXPECT_EQ(refusal("1.5"), "--max-memory '1.5': not a whole number of bytes");
  EXPECT_EQ(refusal("18446744073709551616"), "--max-memory '18446744073709551616': more than 2^64-1 bytes");
  EXPECT_EQ(refusal("16777216T"), "--max-memory '16777216T': more than 2^64-1 bytes");
  EXPECT_EQ(refusal("99999999999999999999.5G"), "--max-memory '99999999999999999999.5G': more than 2^64-1 bytes");
}

// --- worker threads ------------------------------------------------------------

TEST(WorkerErrors, KeepsTheFirstExceptionAndClassifiesIt) {
  WorkerErrors none;
  none.run([] {});
  EXPECT_FALSE(none.failed());
  EXPECT_STREQ(none.stop_reason(), "");
  EXPECT_NO_THROW(none.rethrow_unless_out_of_memory());

  WorkerErrors allocator;
  allocator.run([] { throw std::bad_alloc(); });
  allocator.run([] { throw std::runtime_error("second"); });  // not kept: the first wins
  EXPECT_TRUE(allocator.out_of_memory());
  EXPECT_FALSE(allocator.budget_reached());
  EXPECT_STREQ(allocator.stop_reason(), "out-of-memory");
  EXPECT_NO_THROW(allocator.rethrow_unless_out_of_memory());

  WorkerErrors budget;
  budget.run([] { throw BudgetExceeded(); });
  EXPECT_TRUE(budget.budget_reached());
  EXPECT_STREQ(budget.stop_reason(), "max-memory");

  WorkerErrors other;
  other.run([] { throw std::logic_error("a bug"); });
  EXPECT_FALSE(other.out_of_memory());
  EXPECT_THROW(other.rethrow_unless_out_of_memory(), std::logic_error);
  other.clear();
  EXPECT_FALSE(other.failed());
}

/// What a BFS batch does: workers fill buffers; one of them runs out.
void expand_in_threads(WorkerErrors& errors, std::size_t bytes_per_worker, unsigned workers) {
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < workers; ++t) {
    threads.emplace_back([&errors, bytes_per_worker] {
      errors.run([bytes_per_worker] {
        // One large request, as a block of the visited set is: it fails
        // before any page is touched, so the test costs no time.
        std::vector<std::uint64_t> successors;
        successors.reserve(bytes_per_worker / sizeof(std::uint64_t));
        for (std::size_t i = 0; i < bytes_per_worker / sizeof(std::uint64_t); i += 512) successors.push_back(i);
        if (successors.empty()) throw std::logic_error("nothing expanded");
      });
    });
  }
  for (std::thread& thread : threads) thread.join();
}

TEST(AllocationLimit, ABadAllocInAWorkerThreadIsKeptNotTerminated) {
  WorkerErrors errors;
  {
    const testing::AllocationLimit limit(std::size_t{16} << 20);
    expand_in_threads(errors, std::size_t{64} << 20, 3);  // each worker wants 64 MiB
    EXPECT_GT(testing::AllocationLimit::refused(), 0u);
  }
  EXPECT_TRUE(errors.out_of_memory());
  EXPECT_STREQ(errors.stop_reason(), "out-of-memory");
  // The process goes on: the same work fits once the limit is gone.
  WorkerErrors again;
  expand_in_threads(again, std::size_t{1} << 20, 3);
  EXPECT_FALSE(again.failed());
}

TEST(AllocationLimit, WithinTheLimitNothingFails) {
  WorkerErrors errors;
  const testing::AllocationLimit limit(std::size_t{64} << 20);
  expand_in_threads(errors, std::size_t{1} << 20, 2);
  EXPECT_FALSE(errors.failed());
  EXPECT_EQ(testing::AllocationLimit::refused(), 0u);
}

TEST(AllocationLimit, TheSearchStopsCleanlyWhenTheAllocatorRefuses) {
  // No budget: only the allocator says no, somewhere in the search (a
  // block of the visited set, the table, a worker's buffers).
  test::Grid model;
  model.props = {{"inside", Expectation::always, [](const StateView& v) { return v.words[0] != test::cell(300, 0); },
                  "", ""}};
  const Result free_run = Checker(model).run();
  ASSERT_TRUE(free_run.stats.complete);
  for (unsigned threads : {1u, 2u}) {
    Result r;
    {
      const testing::AllocationLimit limit(std::size_t{3} << 20);
      r = Checker(model).threads(threads).run();
      EXPECT_GT(testing::AllocationLimit::refused(), 0u);
    }
    EXPECT_EQ(r.stats.stopped_by, "out-of-memory") << threads << " threads";
    EXPECT_FALSE(r.stats.complete);
    EXPECT_GT(r.stats.states, 0u);
    EXPECT_LT(r.stats.states, free_run.stats.states);
    EXPECT_EQ(r.find("inside")->verdict, Verdict::unknown);
  }
}

#if defined(__SANITIZE_ADDRESS__)
TEST(SetrlimitChild, SkippedUnderAddressSanitizer) {
  GTEST_SKIP() << "AddressSanitizer reserves terabytes of address space: RLIMIT_AS cannot be used";
}
#else
TEST(SetrlimitChild, RealAllocationFailureUnderRlimitAsIsKept) {
  // A child, so the limit never touches the test process: address space
  // now plus 512 MiB, then three workers that each want 1 GiB.
  const testing::ChildStatus status = testing::run_in_child(
      [] {
        std::ifstream statm("/proc/self/statm");
        std::uint64_t pages = 0;
        statm >> pages;
        const std::uint64_t now = pages * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
        const rlimit limit{now + (std::uint64_t{512} << 20), now + (std::uint64_t{512} << 20)};
        if (::setrlimit(RLIMIT_AS, &limit) != 0) return 3;
        WorkerErrors errors;
        expand_in_threads(errors, std::size_t{1} << 30, 3);
        if (!errors.out_of_memory()) return 1;
        return std::string(errors.stop_reason()) == "out-of-memory" ? 0 : 2;
      },
      60);
  EXPECT_TRUE(status.exited && status.code == 0) << status.describe();
}
#endif

}  // namespace
}  // namespace smsmc::mc
