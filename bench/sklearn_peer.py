"""Peer for bench/sklearn-compare.ts: exports scikit-learn's bundled datasets as CSV (so both
sides train on identical rows) and scores scikit-learn's models with 5-fold CV.
Run by the TypeScript bench as: /usr/bin/python3 bench/sklearn_peer.py OUTDIR
Prints one JSON document on stdout."""
import json, sys, os, time, warnings
import numpy as np
import sklearn
from sklearn import datasets
from sklearn.model_selection import StratifiedKFold, KFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.exceptions import ConvergenceWarning

warnings.filterwarnings('ignore', category=ConvergenceWarning)
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
loaders = {
    'breast_cancer': (datasets.load_breast_cancer, 'classification'),
    'digits': (datasets.load_digits, 'classification'),
    'wine': (datasets.load_wine, 'classification'),
    'diabetes': (datasets.load_diabetes, 'regression'),
}
result = {'sklearn': sklearn.__version__, 'datasets': {}}
for name, (load, task) in loaders.items():
    d = load()
    X, y = d.data, d.target
    cols = [f'f{i}' for i in range(X.shape[1])]
    path = os.path.join(out, f'{name}.csv')
    with open(path, 'w') as f:
        f.write(','.join(cols + ['target']) + '\n')
        for row, t in zip(X, y):
            f.write(','.join(repr(float(v)) for v in row) + ',' + (f'c{int(t)}' if task == 'classification' else repr(float(t))) + '\n')
    if task == 'classification':
        cv, scoring = StratifiedKFold(5, shuffle=True, random_state=0), 'accuracy'
        models = {
            'linear': make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
            'mlp': make_pipeline(StandardScaler(), MLPClassifier(random_state=0, max_iter=200)),
        }
    else:
        cv, scoring = KFold(5, shuffle=True, random_state=0), 'r2'
        models = {
            'linear': make_pipeline(StandardScaler(), Ridge(alpha=1.0)),
            'mlp': make_pipeline(StandardScaler(), MLPRegressor(random_state=0, max_iter=2000)),
        }
    entry = {'path': path, 'task': task, 'rows': int(X.shape[0]), 'features': int(X.shape[1]), 'metric': scoring, 'models': {}}
    for key, model in models.items():
        t = time.perf_counter()
        s = cross_val_score(model, X, y, cv=cv, scoring=scoring)
        entry['models'][key] = {'model': type(model[-1]).__name__, 'mean': float(np.mean(s)), 'std': float(np.std(s)), 'seconds': time.perf_counter() - t}
    result['datasets'][name] = entry
print(json.dumps(result))
