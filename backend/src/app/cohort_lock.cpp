#include "app/cohort_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace exchange::app {

std::optional<CohortLock> CohortLock::take(const std::filesystem::path& database) {
  // A file of its own: SQLite's POSIX locks on the database itself would be dropped when any
  // descriptor of that file in this process is closed, including one of ours.
  const std::string path = database.string() + ".lock";
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("open " + path + ": " + std::strerror(errno));
  // flock locks belong to the open file description: a second open in this process conflicts
  // too, so one process cannot run a cohort twice either.
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return std::nullopt;
  }
  return CohortLock(fd);
}

CohortLock& CohortLock::operator=(CohortLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

CohortLock::~CohortLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the lock
}

}  // namespace exchange::app
