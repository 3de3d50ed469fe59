"""Python peers for bench/gbdt/speed.ts and bench/gbdt/quality.ts (scikit-learn, XGBoost).

Run by the TypeScript benches, one peer per process (a crash or a missing module costs that
peer only); each prints one JSON document on stdout. A peer that cannot be imported answers
{"skipped": "..."} and exit code 0, so the bench reports it instead of failing.

  python3 peers.py speed DIR --peer sklearn-hist|xgboost-hist|sklearn-rf --threads T --repeats R
      DIR holds meta.json and float32 little-endian train_X/train_y/test_X/test_y.f32 written
      by speed.ts. Times fit (input conversion included) and predict separately; test ROC-AUC.
  python3 peers.py export-sklearn OUT.json
      breast cancer, digits, wine, diabetes as {name: {task, k, columns, X, y}} (X row-major).
  python3 peers.py quality DIR --peer sklearn-hist|sklearn-rf|xgboost --threads T
      DIR/datasets.json from quality.ts (X with null for missing, y, folds): fits each fold with
      the peer's default settings and returns the held-out predictions (metrics are computed in
      TypeScript with the same code for every model).
"""
import argparse, json, os, sys, time, warnings


def fail(msg):
    print(json.dumps({'skipped': msg}))
    sys.exit(0)


def import_peer(peer):
    """Returns (module version, module) or exits with a skip note."""
    try:
        if peer.startswith('sklearn'):
            import sklearn
            return sklearn.__version__, sklearn
        if peer.startswith('xgboost'):
            import xgboost
            return xgboost.__version__, xgboost
    except Exception as e:  # ImportError, or a broken install that fails while importing
        fail(f'{peer}: cannot import ({type(e).__name__}: {e}); apt-get install python3-sklearn python3-xgboost')
    fail(f'unknown peer {peer}')


def speed(args):
    version, _ = import_peer(args.peer)
    import numpy as np
    from sklearn.metrics import roc_auc_score
    meta = json.load(open(os.path.join(args.dir, 'meta.json')))
    n, n_test, d = meta['n'], meta['nTest'], meta['d']
    read = lambda name, shape: np.fromfile(os.path.join(args.dir, name), dtype='<f4').reshape(shape)
    X, y = read('train_X.f32', (n, d)), read('train_y.f32', (n,))
    Xt, yt = read('test_X.f32', (n_test, d)), read('test_y.f32', (n_test,))
    s = meta['settings']
    fit_s, predict_s, proba = [], [], None
    if args.peer == 'sklearn-hist':
        from sklearn.ensemble import HistGradientBoostingClassifier
        from threadpoolctl import threadpool_limits
        params = dict(max_iter=s['rounds'], learning_rate=s['learningRate'], max_leaf_nodes=s['maxLeaves'], max_depth=None,
                      min_samples_leaf=s['minSamplesLeaf'], max_bins=s['maxBins'], l2_regularization=s['l2'],
                      early_stopping=False, random_state=0)
        with threadpool_limits(limits=args.threads, user_api='openmp'):
            for _ in range(args.repeats):
                model = HistGradientBoostingClassifier(**params)
                t = time.perf_counter(); model.fit(X, y); fit_s.append(time.perf_counter() - t)
                t = time.perf_counter(); proba = model.predict_proba(Xt)[:, 1]; predict_s.append(time.perf_counter() - t)
        notes = ['fit includes binning (sklearn bins on a 200,000-row subsample for the quantile edges)',
                 'max_bins=255 plus one bin for missing values, as Benchtop']
    elif args.peer == 'xgboost-hist':
        import xgboost as xgb
        params = dict(tree_method='hist', grow_policy='lossguide', max_leaves=s['maxLeaves'], max_depth=0, eta=s['learningRate'],
                      max_bin=s['maxBins'], objective='binary:logistic', reg_lambda=s['l2'], min_child_weight=1, nthread=args.threads, seed=0)
        for _ in range(args.repeats):
            t = time.perf_counter()
            booster = xgb.train(params, xgb.DMatrix(X, label=y, nthread=args.threads), num_boost_round=s['rounds'])
            fit_s.append(time.perf_counter() - t)
            t = time.perf_counter(); proba = booster.predict(xgb.DMatrix(Xt, nthread=args.threads)); predict_s.append(time.perf_counter() - t)
        notes = ['fit includes building the DMatrix; predict includes the test DMatrix',
                 'no min_samples_leaf in XGBoost: min_child_weight=1 (hessian sum, default) instead',
                 'max_depth=0 + lossguide: leaf-wise growth limited by max_leaves only, as Benchtop and sklearn']
    elif args.peer == 'sklearn-rf':
        from sklearn.ensemble import RandomForestClassifier
        params = dict(n_estimators=s['trees'], max_features='sqrt', min_samples_leaf=s['minSamplesLeaf'], n_jobs=args.threads, random_state=0)
        for _ in range(args.repeats):
            model = RandomForestClassifier(**params)
            t = time.perf_counter(); model.fit(X, y); fit_s.append(time.perf_counter() - t)
            t = time.perf_counter(); proba = model.predict_proba(Xt)[:, 1]; predict_s.append(time.perf_counter() - t)
        notes = ['exact splits over every distinct value (Benchtop: 255 quantile bins)', 'n_jobs threads, one tree per thread at a time']
    else:
        fail(f'unknown speed peer {args.peer}')
    out = {'peer': args.peer, 'version': version, 'threads': args.threads, 'params': params, 'notes': notes,
           'fit_s': fit_s, 'predict_s': predict_s, 'auc': float(roc_auc_score(yt, proba))}
    print(json.dumps(out))


def export_sklearn(args):
    import_peer('sklearn')
    from sklearn import datasets
    loaders = {
        'breast_cancer': (datasets.load_breast_cancer, 'classification'),
        'digits': (datasets.load_digits, 'classification'),
        'wine': (datasets.load_wine, 'classification'),
        'diabetes': (datasets.load_diabetes, 'regression'),
    }
    out = {}
    for name, (load, task) in loaders.items():
        b = load()
        out[name] = {
            'task': task, 'source': f'sklearn.datasets.load_{name}',
            'k': int(b.target.max()) + 1 if task == 'classification' else 1,
            'columns': [str(c) for c in (b.feature_names if hasattr(b, 'feature_names') else range(b.data.shape[1]))],
            'X': [[float(v) for v in row] for row in b.data],
            'y': [int(v) if task == 'classification' else float(v) for v in b.target],
        }
    with open(args.out, 'w') as f:
        json.dump(out, f)
    print(json.dumps({'written': args.out, 'datasets': list(out)}))


def quality_model(peer, task, has_missing, threads):
    """The peer's default settings; only what must be set for the comparison is set."""
    if peer == 'sklearn-hist':
        from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
        cls = HistGradientBoostingClassifier if task == 'classification' else HistGradientBoostingRegressor
        return cls(random_state=0), 'defaults (early_stopping=auto: off below 10,000 rows)'
    if peer == 'sklearn-rf':
        from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
        cls = RandomForestClassifier if task == 'classification' else RandomForestRegressor
        model = cls(random_state=0, n_jobs=threads)
        if not has_missing:
            return model, 'defaults'
        # scikit-learn 1.2's forests reject NaN (support came in 1.4): impute inside each fold.
        from sklearn.impute import SimpleImputer
        from sklearn.pipeline import make_pipeline
        return make_pipeline(SimpleImputer(strategy='median'), model), 'defaults; NaN imputed with the training fold median (sklearn < 1.4 forests reject NaN)'
    if peer == 'xgboost':
        import xgboost as xgb
        cls = xgb.XGBClassifier if task == 'classification' else xgb.XGBRegressor
        return cls(random_state=0, n_jobs=threads), 'defaults (100 trees, depth 6, eta 0.3, tree_method auto)'
    fail(f'unknown quality peer {peer}')


def quality(args):
    version, _ = import_peer(args.peer)
    import numpy as np
    warnings.filterwarnings('ignore')
    data = json.load(open(os.path.join(args.dir, 'datasets.json')))
    out = {'peer': args.peer, 'version': version, 'datasets': {}}
    for name, ds in data.items():
        # float32 values, as Benchtop trains on (quality.ts already rounded them; this keeps it so).
        X = np.array([[np.nan if v is None else v for v in row] for row in ds['X']], dtype=np.float32).astype(np.float64)
        y = np.array(ds['y'], dtype=np.int64 if ds['task'] == 'classification' else np.float64)
        folds = np.array(ds['folds'])
        has_missing = bool(np.isnan(X).any())
        preds, seconds, note = [], 0.0, ''
        for f in range(int(folds.max()) + 1):
            train, test = folds != f, folds == f
            model, note = quality_model(args.peer, ds['task'], has_missing, args.threads)
            t = time.perf_counter()
            model.fit(X[train], y[train])
            if ds['task'] == 'classification':
                p = model.predict_proba(X[test])
                # A class missing from a training fold would drop a column: put it back as zeros.
                classes = model.classes_ if hasattr(model, 'classes_') else model[-1].classes_
                full = np.zeros((p.shape[0], ds['k']))
                full[:, np.asarray(classes, dtype=int)] = p
                p = full
            else:
                p = model.predict(X[test])
            seconds += time.perf_counter() - t
            preds.append(np.asarray(p, dtype=np.float64).ravel().tolist())
        out['datasets'][name] = {'predictions': preds, 'seconds': seconds, 'settings': note}
    print(json.dumps(out))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest='cmd', required=True)
    sp = sub.add_parser('speed'); sp.add_argument('dir'); sp.add_argument('--peer', required=True)
    sp.add_argument('--threads', type=int, default=os.cpu_count()); sp.add_argument('--repeats', type=int, default=3)
    ex = sub.add_parser('export-sklearn'); ex.add_argument('out')
    q = sub.add_parser('quality'); q.add_argument('dir'); q.add_argument('--peer', required=True)
    q.add_argument('--threads', type=int, default=os.cpu_count())
    args = ap.parse_args()
    {'speed': speed, 'export-sklearn': export_sklearn, 'quality': quality}[args.cmd](args)


if __name__ == '__main__':
    main()
