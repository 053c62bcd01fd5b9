// File: tests/integration/process.hpp
// Runs the built certgate binary for CLI tests, bounded in time: run_cli() waits for the exit
// (killed after a deadline); child_process keeps a long-running `serve` and reads its stdout.
#pragma once

#include <catch2/catch.hpp>

#include <chrono>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace certgate::test {

inline std::string certgate_binary() { return CERTGATE_BINARY_DIR "/app/certgate"; }

// A child process with its stdout (and stderr, when merged) on a pipe.
class child_process {
public:
    explicit child_process(const std::vector<std::string>& args, bool merge_stderr = false) {
        int fds[2];
        REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
        if (merge_stderr) {
            posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
        }
        std::vector<std::string> argv_s = {certgate_binary()};
        argv_s.insert(argv_s.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& a : argv_s) {
            argv.push_back(a.data());
        }
        argv.push_back(nullptr);
        int rc = ::posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        ::close(fds[1]);
        out_fd_ = fds[0];
        REQUIRE(rc == 0);
    }
    child_process(const child_process&) = delete;
    child_process& operator=(const child_process&) = delete;
    ~child_process() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            int status = 0;
            ::waitpid(pid_, &status, 0);
        }
        ::close(out_fd_);
    }

    // Reads stdout until a line containing `needle` arrives (true) or EOF/deadline (false).
    bool read_until(const std::string& needle, std::string& line_out,
                    std::chrono::milliseconds deadline = std::chrono::seconds(20)) {
        auto end = std::chrono::steady_clock::now() + deadline;
        while (true) {
            for (auto nl = out_.find('\n'); nl != std::string::npos; nl = out_.find('\n')) {
                std::string line = out_.substr(0, nl);
                out_.erase(0, nl + 1);
                if (line.find(needle) != std::string::npos) {
                    line_out = line;
                    return true;
                }
            }
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                end - std::chrono::steady_clock::now());
            if (left.count() <= 0 || !read_some(static_cast<int>(left.count()))) {
                return false;
            }
        }
    }

    // Everything until EOF (bounded by the deadline), then the exit code (-1: killed or timeout).
    int finish(std::string& all, std::chrono::milliseconds deadline = std::chrono::seconds(60)) {
        auto end = std::chrono::steady_clock::now() + deadline;
        while (true) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                end - std::chrono::steady_clock::now());
            if (left.count() <= 0 || !read_some(static_cast<int>(left.count()))) {
                break;
            }
        }
        all = out_;
        out_.clear();
        if (std::chrono::steady_clock::now() >= end) {
            ::kill(pid_, SIGKILL);
        }
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }

    void signal(int sig) { ::kill(pid_, sig); }

private:
    bool read_some(int timeout_ms) {
        pollfd p{out_fd_, POLLIN, 0};
        if (::poll(&p, 1, timeout_ms) <= 0) {
            return false;
        }
        char buf[4096];
        auto n = ::read(out_fd_, buf, sizeof buf);
        if (n <= 0) {
            return false;
        }
        out_.append(buf, static_cast<std::size_t>(n));
        return true;
    }

    pid_t pid_ = -1;
    int out_fd_ = -1;
    std::string out_;
};

struct cli_result {
    int code = -1;
    std::string out;  // stdout only
};

// Runs `certgate ARGS...` to completion (at most 60 s).
inline cli_result run_cli(const std::vector<std::string>& args) {
    child_process p(args);
    cli_result r;
    r.code = p.finish(r.out);
    return r;
}

}  // namespace certgate::test
