// A fresh directory under the system temp dir, removed with everything in it at scope exit.
#pragma once

#include <atomic>
#include <filesystem>
#include <random>
#include <string>

namespace certgate::test {

class temp_dir {
public:
    explicit temp_dir(const std::string& tag = "certgate") {
        static std::atomic<unsigned> counter{0};
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() /
                (tag + "-" + std::to_string(rd()) + "-" + std::to_string(counter++));
        std::filesystem::create_directories(path_);
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
    ~temp_dir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    const std::filesystem::path& path() const noexcept { return path_; }

private:
    std::filesystem::path path_;
};

}  // namespace certgate::test
