// Qiao progressive enhancement.
