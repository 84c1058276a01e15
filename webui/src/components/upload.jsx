// Choosing scans (drag and drop, file picker, or the phone camera) and
// uploading them: several files at once, a progress bar each, then the text
// extraction (OCR) status followed live until the text is ready.
import { useEffect, useRef, useState, useId } from 'preact/hooks';
import { upload, get } from '../api.js';
import { t, label } from '../i18n.js';

export function FilePicker({ onFiles }) {
  const [over, setOver] = useState(false);
  const fileId = useId();
  const camId = useId();
  const add = (list) => {
    const files = [...(list || [])];
    if (files.length) onFiles(files);
  };
  return (
    <div class={over ? 'drop over' : 'drop'} data-testid="dropzone"
         onDragOver={(e) => { e.preventDefault(); setOver(true); }}
         onDragLeave={() => setOver(false)}
         onDrop={(e) => { e.preventDefault(); setOver(false); add(e.dataTransfer.files); }}>
      <p>{t('upload.dropHere')}</p>
      <div class="row">
        <label class="button" for={fileId}>{t('upload.chooseFiles')}</label>
        <input id={fileId} class="visually-hidden" type="file" multiple data-testid="file-input"
               accept="image/*,application/pdf,.docx,.xlsx,.pptx,.odt,.txt"
               onChange={(e) => { add(e.currentTarget.files); e.currentTarget.value = ''; }} />
        <label class="button" for={camId}>{t('upload.camera')}</label>
        <input id={camId} class="visually-hidden" type="file" accept="image/*" capture="environment"
               onChange={(e) => { add(e.currentTarget.files); e.currentTarget.value = ''; }} />
      </div>
    </div>
  );
}

function fmtSize(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1 << 20) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / (1 << 20)).toFixed(1)} MB`;
}

// Follows one attachment's extraction until it ends.
export function useTextStatus(attachment, onDone) {
  const [a, setA] = useState(attachment);
  useEffect(() => {
    setA(attachment);
    if (!attachment || attachment.text_status === 'done' || attachment.text_status === 'failed') {
      return undefined;
    }
    let live = true;
    let timer;
    const poll = async () => {
      try {
        const now = await get(`/attachments/${attachment.id}`);
        if (!live) return;
        setA(now);
        if (now.text_status === 'done' || now.text_status === 'failed') {
          onDone?.(now);
          return;
        }
      } catch {
        /* keep trying */
      }
      timer = setTimeout(poll, 1000);
    };
    timer = setTimeout(poll, 800);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [attachment?.id]);
  return a;
}

export function TextStatus({ attachment }) {
  if (!attachment) return null;
  const s = attachment.text_status;
  let extra = '';
  if (s === 'running' && attachment.pages) extra = ` ${attachment.pages_done || 0}/${attachment.pages}`;
  return (
    <span class={`ocr ocr-${s}`} data-testid="ocr-status" data-status={s}>
      {label('textStatus', s)}{extra}
    </span>
  );
}

function UploadRow({ letterId, file, onUploaded, onTextDone }) {
  const [progress, setProgress] = useState(0);
  const [attachment, setAttachment] = useState(null);
  const [error, setError] = useState(null);
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    upload(`/letters/${letterId}/attachments`, file, setProgress)
      .then((a) => {
        setAttachment(a);
        onUploaded?.(a);
      })
      .catch(setError);
  }, []);
  const status = useTextStatus(attachment, onTextDone);
  const pct = Math.round(progress * 100);
  return (
    <li class="upload-row" data-testid="upload-row">
      <span class="name">{file.name}</span> <span class="muted">{fmtSize(file.size)}</span>
      <progress max="100" value={pct} aria-label={t('upload.progress', { name: file.name })}>{pct}%</progress>
      {error ? (
        <span class="error-text" role="alert">{t(`upload.error.${error.status === 413 ? 'tooLarge' : error.status === 415 ? 'type' : 'failed'}`)}</span>
      ) : status ? (
        <span>{t('upload.uploaded')} · {t('upload.text')}: <TextStatus attachment={status} /></span>
      ) : (
        <span>{pct}%</span>
      )}
    </li>
  );
}

// Uploads `files` to a letter, all at once.
export function UploadList({ letterId, files, onUploaded, onTextDone }) {
  if (!files.length) return null;
  return (
    <ul class="uploads" aria-live="polite">
      {files.map((f) => (
        <UploadRow key={f.key} letterId={letterId} file={f.file} onUploaded={onUploaded} onTextDone={onTextDone} />
      ))}
    </ul>
  );
}

let seq = 0;
export const keyed = (files) => files.map((file) => ({ key: ++seq, file }));
