import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { startOfflineApp } from './pwa/AppUpdate.svelte.ts';

const target = document.getElementById('app');
if (!target) throw new Error('Benchtop: #app element missing from index.html');

export default mount(App, { target });

startOfflineApp();
