// Running `smsmc` as a child process the test controls: its stdout and
// stderr on separate pipes, signals sent while it runs, an optional
// RLIMIT_AS, and its peak memory. A child that outlives its deadline is
// killed (SIGKILL) and reported as such, so a hang fails the test instead of
// stalling ctest.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace smsmc::testing {

struct ProcessOptions {
  /// RLIMIT_AS for the child (`ulimit -v`), in bytes.
  std::optional<std::uint64_t> address_space;
  /// Shrinks the stdout pipe to this many bytes and fills it up to
  /// `stdout_room` bytes free, so the child blocks once it has written that
  /// much (while the test does not read stdout).
  std::optional<int> stdout_pipe_bytes;
  int stdout_room = 0;
};

struct Finished {
  bool exited = false;
  int code = -1;           // exit code when exited
  int signal = 0;          // the signal that killed it otherwise
  std::string out;         // stdout
  std::string err;         // stderr
  long max_rss_kib = 0;    // peak resident memory
  bool timed_out = false;  // killed by the test after its deadline
  [[nodiscard]] std::string describe() const {
    std::string what = timed_out ? "timed out" : exited ? "exit " + std::to_string(code) : "killed by signal " + std::to_string(signal);
    return what + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
  /// The first line of stderr: where smsmc's error message is.
  [[nodiscard]] std::string first_error_line() const { return err.substr(0, err.find('\n')); }
};

class Process {
 public:
  Process(const std::string& binary, const std::vector<std::string>& args, const ProcessOptions& options = {}) {
    int out[2];
    int err[2];
    if (::pipe(out) != 0 || ::pipe(err) != 0) return;
    std::string filler;
    if (options.stdout_pipe_bytes) {
      const int size = ::fcntl(out[1], F_SETPIPE_SZ, *options.stdout_pipe_bytes);
      filler.assign(static_cast<std::size_t>(std::max(0, size - options.stdout_room)), '.');
      prefilled_ = filler.size();
    }
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out[1], STDOUT_FILENO);
      ::dup2(err[1], STDERR_FILENO);
      ::close(out[0]);
      ::close(err[0]);
      if (options.address_space) {
        const rlimit limit{*options.address_space, *options.address_space};
        if (::setrlimit(RLIMIT_AS, &limit) != 0) ::_exit(97);
      }
      std::vector<char*> argv{const_cast<char*>(binary.c_str())};
      for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::execv(binary.c_str(), argv.data());
      ::_exit(96);
    }
    ::close(err[1]);
    if (!filler.empty()) {
      // Written by the parent, which then closes its copy: the child holds
      // the only write end, and the pipe is almost full.
      std::size_t done = 0;
      while (done < filler.size()) {
        const ssize_t n = ::write(out[1], filler.data() + done, filler.size() - done);
        if (n <= 0) break;
        done += static_cast<std::size_t>(n);
      }
    }
    ::close(out[1]);
    out_ = out[0];
    err_ = err[0];
  }
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  ~Process() {
    if (pid_ > 0 && !reaped_) {
      ::kill(pid_, SIGKILL);
      (void)wait(60, false);
    }
  }

  /// Reads stderr (and stdout, unless `read_stdout` is false) until stderr
  /// holds `text` or `seconds` pass. True when it appeared.
  bool wait_for_stderr(const std::string& text, double seconds, bool read_stdout = true) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (finished_.err.find(text) == std::string::npos) {
      if (std::chrono::steady_clock::now() >= deadline) return false;
      if (!pump(50, read_stdout)) return finished_.err.find(text) != std::string::npos;
    }
    return true;
  }
  /// The same for stdout.
  bool wait_for_stdout(const std::string& text, double seconds) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (finished_.out.find(text) == std::string::npos) {
      if (std::chrono::steady_clock::now() >= deadline) return false;
      if (!pump(50, true)) return finished_.out.find(text) != std::string::npos;
    }
    return true;
  }

  void signal(int sig) const { ::kill(pid_, sig); }

  /// Reads everything until the child exits (SIGKILL after `seconds`).
  Finished wait(double seconds, bool read_stdout = true) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (pump(50, read_stdout)) {
      if (std::chrono::steady_clock::now() >= deadline) {
        ::kill(pid_, SIGKILL);
        finished_.timed_out = true;
        break;
      }
    }
    int status = 0;
    rusage usage{};
    while (::wait4(pid_, &status, 0, &usage) < 0) {
    }
    reaped_ = true;
    while (pump(0, true)) {
    }
    if (out_ >= 0) ::close(out_);
    if (err_ >= 0) ::close(err_);
    out_ = err_ = -1;
    finished_.exited = WIFEXITED(status);
    finished_.code = finished_.exited ? WEXITSTATUS(status) : -1;
    finished_.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    finished_.max_rss_kib = usage.ru_maxrss;
    if (finished_.out.size() >= prefilled_) finished_.out.erase(0, prefilled_);
    return finished_;
  }

 private:
  /// One poll of the pipes; false once stderr (and stdout, if read) are
  /// closed, i.e. the child has exited.
  bool pump(int timeout_ms, bool read_stdout) {
    pollfd fds[2] = {{err_, POLLIN, 0}, {read_stdout ? out_ : -1, POLLIN, 0}};
    if (err_ < 0 && (!read_stdout || out_ < 0)) return false;
    if (::poll(fds, 2, timeout_ms) <= 0) return true;
    char buffer[65536];
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        (i == 0 ? finished_.err : finished_.out).append(buffer, static_cast<std::size_t>(n));
      } else {
        ::close(fds[i].fd);
        (i == 0 ? err_ : out_) = -1;
      }
    }
    return true;
  }

  pid_t pid_ = -1;
  int out_ = -1;
  int err_ = -1;
  bool reaped_ = false;
  std::size_t prefilled_ = 0;
  Finished finished_;
};

/// Runs `binary args...` to the end (killed after `seconds`).
inline Finished run_process(const std::string& binary, const std::vector<std::string>& args, double seconds = 60,
                            const ProcessOptions& options = {}) {
  Process process(binary, args, options);
  return process.wait(seconds);
}

}  // namespace smsmc::testing
