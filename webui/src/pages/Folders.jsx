// Folders to file the letters of a matter, at four levels: the office's,
// a department's, a division's and one's own. The list shows the folders the
// user may see; a folder shows its letters (only those the user may see).
import { useEffect, useState } from 'preact/hooks';
import { get, post, patch, del } from '../api.js';
import { t, label, language, nameOf, formatDate } from '../i18n.js';
import { useSignal } from '../signal.js';
import { navigate } from '../router.js';
import { Loading, ErrorBox, Input, Select, EnumSelect, Badge, useUnits, unitName } from '../components/ui.jsx';
import { ENUMS } from '../enums.js';

// Department folders belong to units directly under the office, division
// folders to units further down (the server checks it too).
function unitsFor(level, units) {
  const root = units.find((u) => u.parent_id == null);
  if (level === 'department') return units.filter((u) => u.active && u.parent_id === root?.id);
  if (level === 'division') return units.filter((u) => u.active && u.parent_id != null && u.parent_id !== root?.id);
  return [];
}

function CreateFolder({ units, onCreated }) {
  const [name, setName] = useState('');
  const [level, setLevel] = useState('personal');
  const [unit, setUnit] = useState('');
  const [error, setError] = useState(null);
  const choices = unitsFor(level, units);
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    try {
      const body = { name, level };
      if (choices.length) body.unit_id = Number(unit);
      const f = await post('/folders', body);
      setName('');
      onCreated(f);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form class="grid-form action-form" onSubmit={submit} data-testid="folder-form">
      <h2 class="wide">{t('folder.new')}</h2>
      <Input label={t('folder.name')} value={name} onInput={setName} required name="folder_name" />
      <EnumSelect name="folderLevel" label={t('folder.level')} value={level} onChange={(v) => { setLevel(v); setUnit(''); }} />
      {choices.length > 0 && (
        <Select label={t('letter.unit')} value={unit} onChange={setUnit} required empty="" name="folder_unit"
                options={choices.map((u) => [String(u.id), `${u.code} — ${nameOf(u)}`])} />
      )}
      <ErrorBox error={error} />
      <div class="row wide"><button type="submit" class="primary">{t('folder.create')}</button></div>
    </form>
  );
}

export function Folders() {
  useSignal(language);
  const units = useUnits();
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const reload = () => get('/folders').then(setData).catch(setError);
  useEffect(() => { reload(); }, []);
  if (!units || (!data && !error)) return <Loading />;
  return (
    <section>
      <h1>{t('nav.folders')}</h1>
      <ErrorBox error={error} />
      {data && ENUMS.folderLevel.map((level) => {
        const list = data.folders.filter((f) => f.level === level);
        return (
          <section key={level}>
            <h2>{label('folderLevel', level)}</h2>
            {list.length === 0 ? <p class="muted">{t('common.none')}</p> : (
              <ul class="results" data-testid={`folders-${level}`}>
                {list.map((f) => (
                  <li key={f.id}>
                    <a href={`/folders/${f.id}`} class="subject">{f.name}</a>{' '}
                    <span class="muted small">
                      {f.unit_id ? `${unitName(units, f.unit_id)} · ` : ''}{t('folder.count', { n: f.letter_count })}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
      <CreateFolder units={units} onCreated={(f) => navigate(`/folders/${f.id}`)} />
    </section>
  );
}

export function Folder({ id }) {
  useSignal(language);
  const units = useUnits();
  const [folder, setFolder] = useState(null);
  const [error, setError] = useState(null);
  const [name, setName] = useState('');
  const [renaming, setRenaming] = useState(false);
  const reload = () => get(`/folders/${id}`).then((f) => { setFolder(f); setName(f.name); }).catch(setError);
  useEffect(() => { setFolder(null); reload(); }, [id]);
  if (error && !folder) return <ErrorBox error={error} />;
  if (!folder || !units) return <Loading />;
  const act = async (fn) => {
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(err);
    }
  };
  const rename = (e) => {
    e.preventDefault();
    act(async () => {
      await patch(`/folders/${id}`, { name });
      setRenaming(false);
      await reload();
    });
  };
  const remove = () => act(async () => {
    if (!window.confirm(t('folder.confirmDelete'))) return;
    await del(`/folders/${id}`);
    navigate('/folders');
  });
  return (
    <section>
      <p><a href="/folders">← {t('nav.folders')}</a></p>
      <h1 data-testid="folder-name">{folder.name}</h1>
      <p class="muted">
        <Badge kind="info">{label('folderLevel', folder.level)}</Badge>
        {folder.unit_id && <> · {unitName(units, folder.unit_id)}</>}
        {folder.created_at && <> · {formatDate(folder.created_at, true)}</>}
      </p>
      <ErrorBox error={error} />
      {folder.can_manage && (
        <div class="row toolbar">
          <button type="button" onClick={() => setRenaming(!renaming)}>{t('folder.rename')}</button>
          <button type="button" class="danger" onClick={remove}>{t('folder.delete')}</button>
        </div>
      )}
      {renaming && (
        <form class="row action-form" onSubmit={rename}>
          <Input label={t('folder.name')} value={name} onInput={setName} required name="rename" />
          <button type="submit" class="primary">{t('common.save')}</button>
        </form>
      )}
      <h2>{t('folder.letters', { n: folder.letters.length })}</h2>
      {folder.letters.length === 0 && <p class="muted">{t('folder.empty')}</p>}
      <ul class="results" data-testid="folder-letters">
        {folder.letters.map((l) => (
          <li key={l.id}>
            {l.register_label && <span class="regno">{l.register_label}</span>}{' '}
            <a href={`/letters/${l.id}`} class="subject">{l.subject}</a>{' '}
            <span class="muted small">{unitName(units, l.unit_id)}</span>{' '}
            {folder.can_file && (
              <button type="button" class="link" onClick={() => act(async () => { await del(`/folders/${id}/letters/${l.id}`); await reload(); })}>
                {t('folder.takeOut')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
