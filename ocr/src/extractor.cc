// Extractor::Extract: one entry point that sends each kind of file to the
// right reader (OCR for images, text layer or OCR per PDF page, XML for
// office files, UTF-8 check for text) and reports progress per page.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "extractor_impl.h"
#include "office_text.h"
#include "pdf_text.h"
#include "utf8.h"

namespace saraban::ocr {
namespace {

constexpr int kMinDpi = 70;  // Tesseract distrusts anything lower
constexpr int kMaxDpi = 1200;
constexpr int kFallbackPdfDpi = 300;

// Reads a whole file, refusing more than `max_bytes`.
Result<std::string> ReadSmallFile(const std::string& path, uint64_t max_bytes) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return MakeError(Errc::kIo, path + ": " + std::strerror(errno));
  struct stat st {};
  if (fstat(fd, &st) != 0 || static_cast<uint64_t>(st.st_size) > max_bytes) {
    close(fd);
    return MakeError(Errc::kTooLarge,
                     path + ": text file over " + std::to_string(max_bytes) + " bytes");
  }
  std::string content(static_cast<size_t>(st.st_size), '\0');
  size_t got = 0;
  while (got < content.size()) {
    const ssize_t n = read(fd, content.data() + got, content.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      close(fd);
      return MakeError(Errc::kIo, path + ": " + std::strerror(err));
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  close(fd);
  content.resize(got);
  return content;
}

Result<ExtractedText> ExtractPlainText(const std::string& path, const ExtractOptions& options) {
  // Text files share the office files' expansion limit: both bound how much
  // text one upload may put into the index.
  auto content = ReadSmallFile(path, options.max_archive_bytes);
  if (!content.ok()) return content.error();
  if (!IsValidUtf8(*content)) {
    return MakeError(Errc::kUnsupported, path + ": text that is not UTF-8",
                     "save the file as UTF-8");
  }
  if (content->starts_with("\xEF\xBB\xBF")) content->erase(0, 3);  // Notepad's BOM
  return ExtractedText{.pages = {std::move(*content)}, .method = "plain_text"};
}

}  // namespace

std::string ExtractedText::Joined() const {
  std::string out;
  for (size_t i = 0; i < pages.size(); ++i) {
    if (i > 0) out += '\f';
    out += pages[i];
  }
  return out;
}

Status Extractor::Impl::CheckOptions() const {
  if (options.render_dpi < kMinDpi || options.render_dpi > kMaxDpi) {
    return MakeError(Errc::kInternal, "render_dpi " + std::to_string(options.render_dpi) +
                                          " is outside " + std::to_string(kMinDpi) + ".." +
                                          std::to_string(kMaxDpi));
  }
  return Status::Ok();
}

Result<std::string> Extractor::Impl::ReadPage(Result<PixPtr> image,
                                              tesseract::TessResultRenderer* renderer) {
  if (!image.ok()) return image.error();
  auto prepared = PrepareForOcr(image->get());
  if (!prepared.ok()) return prepared.error();
  image->reset();  // the original is not needed while Tesseract runs
  // Tesseract sizes each searchable-PDF page from the image's resolution and
  // takes 70 dpi when there is none (a 35-inch page). PrepareForOcr has given
  // every page-shaped image one; any other image is taken as a 300 dpi scan.
  if (renderer != nullptr && pixGetYRes(prepared->get()) <= 0) {
    pixSetResolution(prepared->get(), kFallbackPdfDpi, kFallbackPdfDpi);
  }
  return engine.Recognize(prepared->get(), renderer);
}

Result<std::unique_ptr<PageSource>> Extractor::Impl::OpenScan(const std::string& path,
                                                              FileKind kind) const {
  if (kind == FileKind::kPdf) {
    return OpenPdfPages(path, options.render_dpi, options.max_image_pixels);
  }
  return OpenImagePages(path, kind, options.max_image_pixels);
}

Extractor::Extractor(ExtractOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Extractor::~Extractor() = default;

Result<ExtractedText> Extractor::Extract(const std::string& path, const Progress& progress) {
  return Guarded<ExtractedText>(path, [&]() -> Result<ExtractedText> {
    if (Status s = impl_->CheckOptions(); !s.ok()) return s.error();
    auto kind = DetectKind(path);
    if (!kind.ok()) return kind.error();
    const ExtractOptions& options = impl_->options;
    auto report = [&](int done, int total) {
      if (progress) progress(done, total);
    };

    switch (*kind) {
      case FileKind::kText: {
        auto text = ExtractPlainText(path, options);
        if (text.ok()) report(1, 1);
        return text;
      }
      case FileKind::kDocx:
      case FileKind::kXlsx:
      case FileKind::kPptx:
      case FileKind::kOdt: {
        auto text = ExtractOfficeText(path, *kind,
                                      {.max_entries = options.max_archive_entries,
                                       .max_total_bytes = options.max_archive_bytes});
        if (!text.ok()) return text.error();
        report(1, 1);
        return ExtractedText{.pages = {std::move(*text)}, .method = "office_xml"};
      }
      case FileKind::kPdf: {
        auto pdf = PdfFile::Open(path);
        if (!pdf.ok()) return pdf.error();
        ExtractedText out;
        const int total = pdf->PageCount();
        int ocr_pages = 0;
        for (int i = 0; i < total; ++i) {
          auto page = pdf->Text(i);
          if (!page.ok()) return page.error();
          if (page->needs_ocr) {
            auto text =
                impl_->ReadPage(pdf->Render(i, options.render_dpi, options.max_image_pixels));
            if (!text.ok()) return text.error();
            page->text = std::move(*text);
            ++ocr_pages;
          }
          out.pages.push_back(std::move(page->text));
          report(i + 1, total);
        }
        out.method = ocr_pages == 0 ? "pdf_text" : ocr_pages == total ? "ocr" : "pdf_text+ocr";
        return out;
      }
      case FileKind::kPng:
      case FileKind::kJpeg:
      case FileKind::kTiff: {
        auto source = impl_->OpenScan(path, *kind);
        if (!source.ok()) return source.error();
        ExtractedText out{.method = "ocr"};
        const int total = (*source)->PageCount();
        for (int i = 0; i < total; ++i) {
          auto text = impl_->ReadPage((*source)->Page(i));
          if (!text.ok()) return text.error();
          out.pages.push_back(std::move(*text));
          report(i + 1, total);
        }
        return out;
      }
    }
    return MakeError(Errc::kInternal, "unhandled file kind");
  });
}

}  // namespace saraban::ocr
