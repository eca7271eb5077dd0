import Root, { buttonVariants, type ButtonProps, type ButtonSize, type ButtonVariant } from './button.svelte';

export { Root, Root as Button, buttonVariants, type ButtonProps, type ButtonSize, type ButtonVariant };
