import Root from './slider.svelte';
import RangeSlider from './range-slider.svelte';

export { Root, Root as Slider, RangeSlider };
