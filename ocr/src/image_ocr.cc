// Image files as pages for OCR (PNG, JPEG, multi-page TIFF) and the clean-up
// every page gets before Tesseract sees it: grey, a believable resolution,
// and straightening of a clear skew. Leptonica does the decoding; the pixel
// limit is checked from each header before anything is decoded, so a
// 20000 x 20000 PNG of a few kilobytes costs a header read, not 400 MB.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>

#include "lept_util.h"
#include "page_source.h"

namespace saraban::ocr {
namespace {

// Deskewing (see PrepareForOcr).
constexpr l_int32 kSkewBinaryThreshold = 130;  // Leptonica's default for skew finding
constexpr float kMinSkewConfidence = 3.0f;     // pixDeskew's own threshold
constexpr float kMinDeskewDegrees = 1.5f;
constexpr float kRadiansPerDegree = 3.14159265f / 180.0f;

// Page resolution (see PageResolution).
constexpr int kMinCredibleDpi = 70;  // Tesseract's own bounds
constexpr int kMaxCredibleDpi = 2400;
constexpr double kMaxPageInches = 17.5;  // A3's long side is 16.5
constexpr double kA4LongSideInches = 11.69;
constexpr int kMinPageLongSidePixels = 1000;

Error TooLarge(const std::string& path, int page, int64_t w, int64_t h, uint64_t max_pixels) {
  return MakeError(Errc::kTooLarge,
                   path + ": page " + std::to_string(page + 1) + " is " + std::to_string(w) +
                       " x " + std::to_string(h) + " pixels, over the limit of " +
                       std::to_string(max_pixels),
                   "scan at 300 dpi or less");
}

Error Broken(const std::string& path, const std::string& what) {
  std::string message = path + ": " + what;
  if (std::string detail = LeptonicaMessages(); !detail.empty()) message += " (" + detail + ")";
  return MakeError(Errc::kCorruption, std::move(message),
                   "the image is damaged or incomplete; scan or save it again");
}

Status CheckSize(const std::string& path, int page, int w, int h, uint64_t max_pixels) {
  if (w <= 0 || h <= 0) return Broken(path, "image has no pixels");
  if (static_cast<uint64_t>(w) * static_cast<uint64_t>(h) > max_pixels) {
    return TooLarge(path, page, w, h, max_pixels);
  }
  return Status::Ok();
}

// PNG and JPEG: one page.
class SingleImagePages : public PageSource {
 public:
  SingleImagePages(std::string path, uint64_t max_pixels)
      : path_(std::move(path)), max_pixels_(max_pixels) {}
  int PageCount() const override { return 1; }

  Result<PixPtr> Page(int index) override {
    if (index != 0) return MakeError(Errc::kInternal, "no such page");
    ResetLeptonicaMessages();
    int format = 0, w = 0, h = 0, bps = 0, spp = 0, colormap = 0;
    if (pixReadHeader(path_.c_str(), &format, &w, &h, &bps, &spp, &colormap) != 0) {
      return Broken(path_, "unreadable image header");
    }
    if (Status s = CheckSize(path_, 0, w, h, max_pixels_); !s.ok()) return s.error();
    PixPtr pix(pixRead(path_.c_str()));
    if (!pix) return Broken(path_, "cannot decode image");
    return pix;
  }

 private:
  std::string path_;
  uint64_t max_pixels_;
};

// TIFF: any number of pages (directories), each with its own size.
class TiffPages : public PageSource {
 public:
  TiffPages(std::string path, int count, uint64_t max_pixels)
      : path_(std::move(path)), count_(count), max_pixels_(max_pixels) {}
  int PageCount() const override { return count_; }

  Result<PixPtr> Page(int index) override {
    ResetLeptonicaMessages();
    int w = 0, h = 0, bps = 0, spp = 0, res = 0, colormap = 0, format = 0;
    if (readHeaderTiff(path_.c_str(), index, &w, &h, &bps, &spp, &res, &colormap, &format) != 0) {
      return Broken(path_, "unreadable header of page " + std::to_string(index + 1));
    }
    if (Status s = CheckSize(path_, index, w, h, max_pixels_); !s.ok()) return s.error();
    PixPtr pix(pixReadTiff(path_.c_str(), index));
    if (!pix) return Broken(path_, "cannot decode page " + std::to_string(index + 1));
    return pix;
  }

 private:
  std::string path_;
  int count_;
  uint64_t max_pixels_;
};

}  // namespace

Result<std::unique_ptr<PageSource>> OpenImagePages(const std::string& path, FileKind kind,
                                                   uint64_t max_pixels) {
  if (kind == FileKind::kPng || kind == FileKind::kJpeg) {
    return std::unique_ptr<PageSource>(std::make_unique<SingleImagePages>(path, max_pixels));
  }
  if (kind != FileKind::kTiff) return MakeError(Errc::kInternal, "not an image kind");
  ResetLeptonicaMessages();
  FILE* file = fopenReadStream(path.c_str());
  if (file == nullptr) return MakeError(Errc::kIo, path + ": cannot open");
  int count = 0;
  const bool counted = tiffGetCount(file, &count) == 0;
  fclose(file);
  if (!counted || count <= 0) return Broken(path, "cannot count TIFF pages");
  return std::unique_ptr<PageSource>(std::make_unique<TiffPages>(path, count, max_pixels));
}

Result<PixPtr> PrepareForOcr(Pix* page) {
  ResetLeptonicaMessages();
  PixPtr flat;
  // A transparent background would turn black in the grey conversion and
  // hide black text; paper is white.
  if (pixGetDepth(page) == 32 && pixGetSpp(page) == 4) {
    flat.reset(pixAlphaBlendUniform(page, 0xffffff00));
    if (!flat) return MakeError(Errc::kInternal, "alpha blend failed: " + LeptonicaMessages());
  }
  Pix* source = flat ? flat.get() : page;
  // Tesseract thresholds grey itself (Otsu); giving it grey rather than colour
  // makes every page take the same path, whatever the scanner produced.
  PixPtr grey(pixConvertTo8(source, 0));
  if (!grey) return MakeError(Errc::kInternal, "grey conversion failed: " + LeptonicaMessages());
  const int dpi =
      PageResolution(pixGetWidth(grey.get()), pixGetHeight(grey.get()), pixGetYRes(page));
  pixSetResolution(grey.get(), dpi, dpi);

  // Deskew only a clear, large skew, and by shearing. Measured on the shared
  // samples (Tesseract 5.3, automatic layout): Tesseract copes with skew under
  // about 1.5 degrees by itself, and rotating such pages only cost accuracy;
  // a 2-degree Lao page went from 6.1% to 3.4% character errors when
  // straightened. Leptonica's usual rotation (area mapping, as in
  // pixFindSkewAndDeskew) interpolates and thins Thai tone marks: it doubled
  // the Thai error rate (2.7% -> 5.4%), where shearing moves whole pixels.
  PixPtr binary(pixConvertTo1(grey.get(), kSkewBinaryThreshold));
  float angle = 0, confidence = 0;
  if (binary && pixFindSkew(binary.get(), &angle, &confidence) == 0 &&
      confidence >= kMinSkewConfidence && std::abs(angle) >= kMinDeskewDegrees) {
    PixPtr straight(
        pixRotate(grey.get(), angle * kRadiansPerDegree, L_ROTATE_SHEAR, L_BRING_IN_WHITE, 0, 0));
    if (straight) {
      pixCopyResolution(straight.get(), grey.get());
      return straight;
    }
  }
  return grey;
}

int PageResolution(int width, int height, int declared_dpi) {
  const int long_side = std::max(width, height), short_side = std::min(width, height);
  const bool credible = declared_dpi >= kMinCredibleDpi && declared_dpi <= kMaxCredibleDpi;
  // 72 and 96 dpi are what many programs write when they do not know; they
  // are believed only if they give a sheet of paper, not a poster.
  const bool placeholder = declared_dpi == 72 || declared_dpi == 96;
  if (credible &&
      !(placeholder && static_cast<double>(long_side) / declared_dpi > kMaxPageInches)) {
    return declared_dpi;
  }
  // No resolution (PNGs often carry none). If the image has a page's shape,
  // it is most likely a whole A4 or Letter sheet. Tesseract's own estimate
  // from the text size was 25-50% high on the samples (12-13 pt text), and a
  // 200 dpi Thai page read with its estimate had 44% character errors
  // instead of 3%.
  const double aspect = short_side > 0 ? static_cast<double>(long_side) / short_side : 0;
  if (long_side >= kMinPageLongSidePixels && aspect >= 1.2 && aspect <= 1.75) {
    return std::clamp(static_cast<int>(std::lround(long_side / kA4LongSideInches)), kMinCredibleDpi,
                      kMaxCredibleDpi);
  }
  return 0;  // a snippet: let Tesseract estimate from the text size
}

}  // namespace saraban::ocr
