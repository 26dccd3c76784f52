// An in-memory stand-in for IndexedDB, which PyScript gets in place of the browser's own.
// PyScript opens an IndexedDB map at start-up even when it caches nothing; without storage its
// start-up fails, and a cross-site iframe with third-party storage blocked, a private window or an
// opaque origin denies it. Nothing we keep needs to last, and in a new browser profile the first open
// of the real one took ~0.3 s of start-up, so the page never uses the real one. This implements the part of the API that map uses (open with an upgrade,
// object stores, get/getKey/getAll/getAllKeys/put/add/delete/clear/count), with IndexedDB's
// asynchronous request events and structured-clone copies of values. Nothing is kept.

const later = (fn) => setTimeout(fn, 0);

class Request extends EventTarget {
  constructor(source = null, transaction = null) {
    super();
    Object.assign(this, { result: undefined, error: null, readyState: "pending", source, transaction });
    Object.assign(this, { onsuccess: null, onerror: null });
  }

  // Listeners added with addEventListener run first, then the on<type> property, as in IndexedDB.
  fire(type, init = {}) {
    const event = new Event(type, init);
    this.dispatchEvent(event);
    const handler = this["on" + type];
    if (typeof handler === "function") handler.call(this, event);
  }

  settle(run) {
    later(() => {
      try {
        this.result = run();
        this.readyState = "done";
        this.fire("success");
      } catch (error) {
        this.error = error;
        this.readyState = "done";
        this.fire("error", { cancelable: true });
      }
    });
    return this;
  }
}

const keyOrder = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

function checkKey(key) {
  const ok = typeof key === "string" || (typeof key === "number" && !Number.isNaN(key)) || key instanceof Date;
  if (!ok) throw new DOMException("The in-memory store takes string, number or date keys.", "DataError");
  return key instanceof Date ? key.getTime() : key;
}

class ObjectStore {
  constructor(name, records, transaction) {
    Object.assign(this, { name, transaction, keyPath: null, autoIncrement: false, indexNames: names([]) });
    this.records = records;
  }

  request(run) {
    return new Request(this, this.transaction).settle(run);
  }

  writable() {
    if (this.transaction.mode === "readonly") throw new DOMException("The transaction is read-only.", "ReadOnlyError");
  }

  get(key) { return this.request(() => structuredClone(this.records.get(checkKey(key)))); }
  getKey(key) { return this.request(() => (this.records.has(checkKey(key)) ? key : undefined)); }
  getAllKeys() { return this.request(() => [...this.records.keys()].sort(keyOrder)); }
  getAll() {
    return this.request(() => [...this.records.keys()].sort(keyOrder).map((k) => structuredClone(this.records.get(k))));
  }
  count() { return this.request(() => this.records.size); }

  put(value, key) {
    this.writable();
    const copy = structuredClone(value);
    const k = checkKey(key);
    return this.request(() => (this.records.set(k, copy), key));
  }

  add(value, key) {
    this.writable();
    const copy = structuredClone(value);
    const k = checkKey(key);
    return this.request(() => {
      if (this.records.has(k)) throw new DOMException("Key already exists in the object store.", "ConstraintError");
      this.records.set(k, copy);
      return key;
    });
  }

  delete(key) {
    this.writable();
    const k = checkKey(key);
    return this.request(() => void this.records.delete(k));
  }

  clear() {
    this.writable();
    return this.request(() => void this.records.clear());
  }
}

function names(list) {
  const sorted = [...list].sort();
  return Object.assign(sorted, { contains: (n) => sorted.includes(n), item: (i) => sorted[i] ?? null });
}

class Transaction extends EventTarget {
  constructor(db, storeNames, mode) {
    super();
    Object.assign(this, { db, mode, error: null, objectStoreNames: names(storeNames) });
    Object.assign(this, { oncomplete: null, onerror: null, onabort: null });
    // Complete once the requests queued so far (and any they queue) have run.
    const finish = () => later(() => later(() => {
      this.done = true;
      const event = new Event("complete");
      this.dispatchEvent(event);
      if (typeof this.oncomplete === "function") this.oncomplete.call(this, event);
    }));
    finish();
  }

  objectStore(name) {
    const records = this.db.stores().get(name);
    if (this.done || !records || !this.objectStoreNames.contains(name)) {
      throw new DOMException(`No object store named ${name} in this transaction.`, "NotFoundError");
    }
    return new ObjectStore(name, records, this);
  }

  abort() {}
  commit() {}
}

const databases = new Map(); // name -> {version, stores: Map<name, Map<key, value>>}

class Database extends EventTarget {
  constructor(name, entry) {
    super();
    Object.assign(this, { name, entry, onabort: null, onclose: null, onerror: null, onversionchange: null });
  }

  get version() { return this.entry.version; }
  get objectStoreNames() { return names(this.entry.stores.keys()); }
  stores() { return this.entry.stores; }

  createObjectStore(name) {
    if (this.entry.stores.has(name)) throw new DOMException(`Object store ${name} exists.`, "ConstraintError");
    this.entry.stores.set(name, new Map());
    return new ObjectStore(name, this.entry.stores.get(name), this.upgrade);
  }

  deleteObjectStore(name) { this.entry.stores.delete(name); }

  transaction(storeNames, mode = "readonly") {
    const list = typeof storeNames === "string" ? [storeNames] : [...storeNames];
    for (const n of list) {
      if (!this.entry.stores.has(n)) throw new DOMException(`No object store named ${n}.`, "NotFoundError");
    }
    return new Transaction(this, list, mode);
  }

  close() {}
}

export const memoryIndexedDB = {
  open(name, version) {
    const request = new Request();
    Object.assign(request, { onupgradeneeded: null, onblocked: null });
    later(() => {
      const known = databases.get(name);
      const entry = known || { version: 0, stores: new Map() };
      const wanted = version === undefined ? Math.max(entry.version, 1) : version;
      if (wanted < entry.version) {
        request.error = new DOMException("The requested version is lower than the existing one.", "VersionError");
        request.readyState = "done";
        request.fire("error", { cancelable: true });
        return;
      }
      databases.set(name, entry);
      const db = new Database(name, entry);
      request.result = db;
      if (wanted > entry.version) {
        const oldVersion = entry.version;
        entry.version = wanted;
        const upgrade = new Transaction(db, [], "versionchange");
        db.upgrade = upgrade;
        request.transaction = upgrade;
        request.readyState = "done";
        const event = new Event("upgradeneeded");
        Object.assign(event, { oldVersion, newVersion: wanted });
        request.dispatchEvent(event);
        if (typeof request.onupgradeneeded === "function") request.onupgradeneeded.call(request, event);
        upgrade.objectStoreNames = names(entry.stores.keys());
      }
      later(() => later(() => later(() => {
        request.transaction = null;
        request.readyState = "done";
        request.fire("success");
      })));
    });
    return request;
  },

  deleteDatabase(name) {
    return new Request().settle(() => void databases.delete(name));
  },

  databases() {
    return Promise.resolve([...databases].map(([name, e]) => ({ name, version: e.version })));
  },

  cmp(a, b) { return keyOrder(checkKey(a), checkKey(b)); },
};

// Put the stand-in in place of the browser's IndexedDB, for every script on this page.
export function useMemoryIndexedDB() {
  Object.defineProperty(globalThis, "indexedDB", { value: memoryIndexedDB, configurable: true, writable: true });
}
