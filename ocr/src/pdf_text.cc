// poppler-cpp behind PdfFile (see pdf_text.h). A page's text layer is used as
// is unless it is missing (a scan), written by an earlier OCR run (Tesseract's
// invisible GlyphLessFont: re-reading the image is as good and keeps one
// quality of text), or written with a legacy Thai font whose glyphs map to
// private-use code points or lose SARA AM. Those pages are rendered in grey
// at the requested resolution and read by Tesseract.
#include "pdf_text.h"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-font.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include <cmath>
#include <cstring>
#include <exception>
#include <mutex>
#include <utility>

#include "utf8.h"

namespace saraban::ocr {
namespace {

// Fewer visible characters than this and the page is treated as a scan that
// at most carries a page number or a stamp added digitally.
constexpr int kMinTextChars = 16;
// A genuine Thai page has a SARA AM every 60-110 letters (measured on the
// samples); with fewer letters than this its absence proves nothing.
constexpr int kMinThaiLettersForSaraAmCheck = 500;

// poppler reports through one global callback. Keep the last messages of the
// calling thread so that a failed load can say why.
thread_local std::string poppler_messages;

void CapturePopplerMessage(const std::string& message, void*) {
  if (poppler_messages.size() > 1000) return;
  if (!poppler_messages.empty()) poppler_messages += "; ";
  poppler_messages += message;
}

void ResetPopplerMessages() {
  static std::once_flag installed;
  std::call_once(installed,
                 [] { poppler::set_debug_error_function(&CapturePopplerMessage, nullptr); });
  poppler_messages.clear();
}

Error Broken(const std::string& path, const std::string& what) {
  std::string message = path + ": " + what;
  if (!poppler_messages.empty()) message += " (poppler: " + poppler_messages + ")";
  return MakeError(Errc::kCorruption, std::move(message),
                   "the PDF is damaged or incomplete; save or scan it again");
}

std::string ToString(const poppler::ustring& text) {
  const poppler::byte_array utf8 = text.to_utf8();
  return std::string(utf8.begin(), utf8.end());
}

bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0 ||
         c == 0x200B;
}

}  // namespace

std::string LegacyThaiReason(const std::string& text) {
  int thai_letters = 0, sara_am = 0, nikhahit = 0;
  for (char32_t c : DecodeUtf8(text)) {
    // Legacy Thai fonts (the pre-Unicode Windows/Mac encodings) put shifted
    // tone marks and vowels in the private-use area.
    if (c >= 0xF700 && c <= 0xF71A) return "legacy Thai glyphs (private use)";
    if (c >= 0x0E01 && c <= 0x0E2E) ++thai_letters;
    if (c == 0x0E33) ++sara_am;
    if (c == 0x0E4D) ++nikhahit;
  }
  if (thai_letters >= kMinThaiLettersForSaraAmCheck && sara_am == 0 && nikhahit == 0) {
    return "Thai text without SARA AM (legacy font)";
  }
  return "";
}

struct PdfFile::State {
  std::string path;
  std::unique_ptr<poppler::document> document;
};

PdfFile::PdfFile(std::unique_ptr<State> state) : state_(std::move(state)) {}
PdfFile::PdfFile(PdfFile&&) noexcept = default;
PdfFile& PdfFile::operator=(PdfFile&&) noexcept = default;
PdfFile::~PdfFile() = default;

Result<PdfFile> PdfFile::Open(const std::string& path) {
  try {
    ResetPopplerMessages();
    auto state = std::make_unique<State>();
    state->path = path;
    state->document.reset(poppler::document::load_from_file(path));
    if (!state->document) return Broken(path, "cannot load PDF");
    if (state->document->is_locked()) {
      return MakeError(Errc::kUnsupported, path + ": the PDF needs a password to open",
                       "remove the password and upload the file again");
    }
    return PdfFile(std::move(state));
  } catch (const std::bad_alloc&) {
    return MakeError(Errc::kTooLarge, path + ": out of memory loading the PDF");
  } catch (const std::exception& e) {
    return Broken(path, e.what());
  }
}

int PdfFile::PageCount() const { return state_->document->pages(); }

Result<PdfPageText> PdfFile::Text(int index) const {
  const std::string& path = state_->path;
  try {
    ResetPopplerMessages();
    std::unique_ptr<poppler::page> page(state_->document->create_page(index));
    if (!page) return Broken(path, "cannot read page " + std::to_string(index + 1));
    PdfPageText result;
    // The default layout of pdftotext: reading order, without the runs of
    // spaces that the physical layout uses to imitate columns.
    result.text =
        ToString(page->text(poppler::rectf(), poppler::page::non_raw_non_physical_layout));

    // A fresh iterator per page: one iterator reports a font shared by many
    // pages (Tesseract's is) only on the first page that uses it.
    std::unique_ptr<poppler::font_iterator> fonts(state_->document->create_font_iterator(index));
    if (fonts && fonts->has_next()) {
      for (const poppler::font_info& font : fonts->next()) {
        if (font.name().find("GlyphLessFont") != std::string::npos) {
          result.needs_ocr = true;
          result.reason = "earlier OCR layer (GlyphLessFont)";
          return result;
        }
      }
    }
    int visible = 0;
    for (char32_t c : DecodeUtf8(result.text)) visible += IsSpace(c) ? 0 : 1;
    if (visible < kMinTextChars) {
      result.needs_ocr = true;
      result.reason = "no text layer";
      return result;
    }
    if (std::string legacy = LegacyThaiReason(result.text); !legacy.empty()) {
      result.needs_ocr = true;
      result.reason = std::move(legacy);
    }
    return result;
  } catch (const std::bad_alloc&) {
    return MakeError(Errc::kTooLarge, path + ": out of memory reading the PDF text");
  } catch (const std::exception& e) {
    return Broken(path, e.what());
  }
}

Result<PixPtr> PdfFile::Render(int index, int dpi, uint64_t max_pixels) const {
  const std::string& path = state_->path;
  try {
    ResetPopplerMessages();
    std::unique_ptr<poppler::page> page(state_->document->create_page(index));
    if (!page) return Broken(path, "cannot read page " + std::to_string(index + 1));
    // Check the size the page will have before poppler allocates it.
    const poppler::rectf box = page->page_rect(poppler::crop_box);
    const double w = std::ceil(std::abs(box.width()) * dpi / 72.0);
    const double h = std::ceil(std::abs(box.height()) * dpi / 72.0);
    if (w < 1 || h < 1) return Broken(path, "page " + std::to_string(index + 1) + " has no area");
    if (w * h > static_cast<double>(max_pixels)) {
      return MakeError(Errc::kTooLarge,
                       path + ": page " + std::to_string(index + 1) + " would render to " +
                           std::to_string(static_cast<int64_t>(w)) + " x " +
                           std::to_string(static_cast<int64_t>(h)) + " pixels at " +
                           std::to_string(dpi) + " dpi, over the limit of " +
                           std::to_string(max_pixels));
    }
    poppler::page_renderer renderer;
    renderer.set_image_format(poppler::image::format_gray8);
    // Anti-aliased, like pdftoppm's defaults; Tesseract reads smooth edges better.
    renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
    renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
    poppler::image image = renderer.render_page(page.get(), dpi, dpi);
    if (!image.is_valid() || image.format() != poppler::image::format_gray8) {
      return Broken(path, "cannot render page " + std::to_string(index + 1));
    }
    PixPtr pix(pixCreate(image.width(), image.height(), 8));
    if (!pix) return MakeError(Errc::kTooLarge, path + ": no memory for the rendered page");
    // poppler's rows are padded to bytes_per_row, Leptonica's to 32-bit
    // words in native byte order: copy row by row, then fix the byte order.
    const char* src = image.const_data();
    const size_t row_bytes = static_cast<size_t>(image.width());
    l_uint32* dst = pixGetData(pix.get());
    const int words_per_line = pixGetWpl(pix.get());
    for (int y = 0; y < image.height(); ++y) {
      std::memcpy(dst + static_cast<size_t>(y) * words_per_line,
                  src + static_cast<size_t>(y) * image.bytes_per_row(), row_bytes);
    }
    pixEndianByteSwap(pix.get());
    pixSetResolution(pix.get(), dpi, dpi);
    return pix;
  } catch (const std::bad_alloc&) {
    return MakeError(Errc::kTooLarge, path + ": out of memory rendering the PDF");
  } catch (const std::exception& e) {
    return Broken(path, e.what());
  }
}

namespace {

class PdfPages : public PageSource {
 public:
  PdfPages(PdfFile pdf, int dpi, uint64_t max_pixels)
      : pdf_(std::move(pdf)), dpi_(dpi), max_pixels_(max_pixels) {}
  int PageCount() const override { return pdf_.PageCount(); }
  Result<PixPtr> Page(int index) override { return pdf_.Render(index, dpi_, max_pixels_); }

 private:
  PdfFile pdf_;
  int dpi_;
  uint64_t max_pixels_;
};

}  // namespace

Result<std::unique_ptr<PageSource>> OpenPdfPages(const std::string& path, int dpi,
                                                 uint64_t max_pixels) {
  auto pdf = PdfFile::Open(path);
  if (!pdf.ok()) return pdf.error();
  return std::unique_ptr<PageSource>(std::make_unique<PdfPages>(std::move(*pdf), dpi, max_pixels));
}

}  // namespace saraban::ocr
