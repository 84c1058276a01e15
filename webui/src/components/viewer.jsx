// The attachments viewer: images with zoom and rotate, PDFs drawn in the page
// by pdf.js (loaded only when a PDF is opened), and the extracted text beside
// the scan.
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n.js';
import { TextStatus, useTextStatus } from './upload.jsx';

function Controls({ zoom, setZoom, rotate, setRotate }) {
  return (
    <div class="row viewer-controls" role="toolbar" aria-label={t('viewer.tools')}>
      <button type="button" onClick={() => setZoom(Math.max(0.25, zoom - 0.25))} aria-label={t('viewer.zoomOut')}>−</button>
      <span aria-live="polite">{Math.round(zoom * 100)}%</span>
      <button type="button" onClick={() => setZoom(Math.min(5, zoom + 0.25))} aria-label={t('viewer.zoomIn')}>+</button>
      <button type="button" onClick={() => setZoom(1)}>{t('viewer.fit')}</button>
      {setRotate && (
        <button type="button" onClick={() => setRotate((rotate + 90) % 360)} aria-label={t('viewer.rotate')}>⟳ {t('viewer.rotate')}</button>
      )}
    </div>
  );
}

function ImageViewer({ src, alt }) {
  const [zoom, setZoom] = useState(1);
  const [rotate, setRotate] = useState(0);
  return (
    <div>
      <Controls zoom={zoom} setZoom={setZoom} rotate={rotate} setRotate={setRotate} />
      <div class="scan-frame">
        <img src={src} alt={alt} class="scan" data-testid="scan-image"
             style={{ transform: `rotate(${rotate}deg)`, width: `${zoom * 100}%` }} />
      </div>
    </div>
  );
}

function PdfViewer({ src }) {
  const holder = useRef(null);
  const [zoom, setZoom] = useState(1);
  const [error, setError] = useState(false);
  const [pages, setPages] = useState(0);
  useEffect(() => {
    let cancelled = false;
    let doc;
    (async () => {
      try {
        const [pdfjs, worker] = await Promise.all([
          import('pdfjs-dist'),
          import('pdfjs-dist/build/pdf.worker.min.mjs?url'),
        ]);
        pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
        const data = await (await fetch(src, { credentials: 'same-origin' })).arrayBuffer();
        doc = await pdfjs.getDocument({ data, isEvalSupported: false }).promise;
        if (cancelled) return;
        setPages(doc.numPages);
        const box = holder.current;
        box.replaceChildren();
        const width = box.clientWidth || 600;
        for (let n = 1; n <= doc.numPages && !cancelled; n++) {
          const page = await doc.getPage(n);
          const base = page.getViewport({ scale: 1 });
          const viewport = page.getViewport({ scale: (width / base.width) * zoom * (window.devicePixelRatio || 1) });
          const canvas = document.createElement('canvas');
          canvas.width = viewport.width;
          canvas.height = viewport.height;
          canvas.className = 'pdf-page';
          canvas.setAttribute('aria-label', t('viewer.page', { n }));
          canvas.style.width = `${zoom * 100}%`;
          box.appendChild(canvas);
          await page.render({ canvasContext: canvas.getContext('2d'), viewport }).promise;
        }
      } catch {
        if (!cancelled) setError(true);
      }
    })();
    return () => {
      cancelled = true;
      doc?.destroy();
    };
  }, [src, zoom]);
  return (
    <div>
      <Controls zoom={zoom} setZoom={setZoom} />
      {error && <p class="error-text">{t('viewer.pdfError')}</p>}
      {pages > 0 && <p class="muted">{t('viewer.pages', { n: pages })}</p>}
      <div class="scan-frame" ref={holder} data-testid="pdf-view" />
    </div>
  );
}

function ExtractedText({ attachment }) {
  const a = useTextStatus(attachment);
  const [text, setText] = useState(null);
  useEffect(() => {
    setText(null);
    if (a?.text_status !== 'done') return;
    fetch(`/api/v1/attachments/${a.id}/text`, { credentials: 'same-origin' })
      .then((r) => (r.ok ? r.text() : ''))
      .then(setText)
      .catch(() => setText(''));
  }, [a?.id, a?.text_status]);
  return (
    <div class="text-pane">
      <h3>{t('viewer.text')} <TextStatus attachment={a} /></h3>
      {a?.text_status === 'failed' && <p class="error-text">{t('viewer.textFailed')}</p>}
      {text !== null && <pre class="extracted" data-testid="extracted-text" tabIndex={0}>{text || t('viewer.noText')}</pre>}
    </div>
  );
}

export function AttachmentViewer({ attachment }) {
  const src = `/api/v1/attachments/${attachment.id}/content`;
  const isImage = ['png', 'jpeg', 'jpg', 'tiff', 'gif', 'webp'].includes(attachment.kind) && attachment.kind !== 'tiff';
  return (
    <div class="viewer">
      <div class="scan-pane">
        {isImage && <ImageViewer src={src} alt={attachment.filename} />}
        {attachment.kind === 'pdf' && <PdfViewer src={src} />}
        {!isImage && attachment.kind !== 'pdf' && (
          <p><a href={src} download={attachment.filename}>{t('viewer.download')} {attachment.filename}</a></p>
        )}
      </div>
      <ExtractedText attachment={attachment} />
    </div>
  );
}
