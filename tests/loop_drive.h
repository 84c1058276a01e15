// A fake USB drive for tests: a file-backed ext4 image loop-mounted at
// MEDIA_ROOT/<label>, as the udev rule mounts a real one. Needs root and loop
// devices (CI runs as root); Available() says why not otherwise. The kernel
// of the test machine need not have vfat, so the image is ext4: the daemon
// treats every file system alike.
#ifndef SARABAN_TESTS_LOOP_DRIVE_H_
#define SARABAN_TESTS_LOOP_DRIVE_H_

#include <sys/mount.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace saraban::testing {

class LoopDrive {
 public:
  // Makes the image (size_mb) once; Plug mounts it.
  LoopDrive(std::string image, std::string label, int size_mb = 64)
      : image_(std::move(image)), label_(std::move(label)) {
    const std::string cmd = "truncate -s " + std::to_string(size_mb) + "M '" + image_ +
                            "' && mkfs.ext4 -q -F -L '" + label_ + "' '" + image_ +
                            "' >/dev/null 2>&1";
    made_ = std::system(cmd.c_str()) == 0;
  }
  ~LoopDrive() {
    if (!mount_point_.empty()) Unplug();
  }
  LoopDrive(const LoopDrive&) = delete;
  LoopDrive& operator=(const LoopDrive&) = delete;

  // "" when loop mounts work here; else why not (the test skips).
  static std::string Unavailable() {
    if (geteuid() != 0) return "needs root to loop-mount a drive image";
    if (std::system("command -v mkfs.ext4 >/dev/null 2>&1") != 0) return "no mkfs.ext4";
    return "";
  }

  // Mounts at media_root/label; false if the mount failed.
  bool Plug(const std::string& media_root) {
    if (!made_) return false;
    const std::string point = media_root + "/" + label_;
    std::filesystem::create_directories(point);
    const std::string cmd = "mount -o loop '" + image_ + "' '" + point + "'";
    if (std::system(cmd.c_str()) != 0) return false;
    mount_point_ = point;
    return true;
  }
  // Pulls it out (lazy unmount if something still holds it).
  void Unplug() {
    if (umount2(mount_point_.c_str(), 0) != 0) umount2(mount_point_.c_str(), MNT_DETACH);
    std::error_code ec;
    std::filesystem::remove(mount_point_, ec);
    mount_point_.clear();
  }
  // Forget the mount (the daemon unmounted it).
  void Forget() { mount_point_.clear(); }

  const std::string& mount_point() const { return mount_point_; }
  const std::string& label() const { return label_; }

  // Whether `point` is a mount point now.
  static bool Mounted(const std::string& point) {
    std::ifstream in("/proc/self/mountinfo");
    std::string line;
    while (std::getline(in, line)) {
      if (line.find(" " + point + " ") != std::string::npos) return true;
    }
    return false;
  }

 private:
  std::string image_, label_, mount_point_;
  bool made_ = false;
};

}  // namespace saraban::testing

#endif  // SARABAN_TESTS_LOOP_DRIVE_H_
