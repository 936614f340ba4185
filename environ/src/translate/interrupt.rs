//! Fuel and epoch checks: the code that lets an embedder bound how long a
//! guest runs (`Config::consume_fuel`, `Config::epoch_interruption`).
//!
//! With fuel on, every operator costs one unit (structure-only operators
//! like `block`, `end` and `nop` are free). The count of a straight run of
//! operators is added to the store's counter before the run's control
//! transfer (a branch, `end`, a call), and the counter is checked at each
//! function entry and loop iteration: with no fuel left, the code traps with
//! `Trap::OutOfFuel`. (Between two checks a run may use more than was left;
//! the store then reports 0.) With epochs on, the same places compare the engine's
//! epoch with the store's deadline and trap with `Trap::Interrupt`.
//!
//! Nothing here is emitted when both are off. The counters live in the
//! store's `VMStoreContext`; their offsets are in `compile::offsets`.

use super::Translator;
use crate::offsets::{
    VMOffsets, STORE_CONTEXT_EPOCH_DEADLINE, STORE_CONTEXT_EPOCH_PTR, STORE_CONTEXT_FUEL,
};
use crate::Trap;
use cranelift_codegen::ir::{condcodes::IntCC, types::I64, InstBuilder, MemFlagsData, Value};
use wasmparser::Operator;

impl Translator<'_, '_> {
    /// The store context pointer (loaded once, in the entry block).
    fn store_context(&mut self) -> Value {
        match self.store_ctx {
            Some(v) => v,
            None => {
                let flags = MemFlagsData::trusted().with_readonly().with_can_move();
                let v = self
                    .b
                    .ins()
                    .load(I64, flags, self.vmctx, VMOffsets::STORE_CONTEXT as i32);
                self.store_ctx = Some(v);
                v
            }
        }
    }

    /// Loads the store context pointer in the entry block when a check
    /// will need it, then checks on function entry.
    pub(super) fn entry_checks(&mut self) {
        if self.env.consume_fuel || self.env.epoch_interruption {
            self.store_context();
            self.interrupt_checks();
        }
    }

    /// Counts `op` against the fuel and, before a control transfer, adds
    /// the run's count to the store's counter.
    pub(super) fn consume_fuel(&mut self, op: &Operator<'_>) {
        if !self.env.consume_fuel {
            return;
        }
        use Operator as O;
        let (cost, transfer) = match op {
            O::Nop | O::Drop | O::Block { .. } => (0, false),
            O::Loop { .. } | O::Else | O::End => (0, true),
            O::If { .. }
            | O::Br { .. }
            | O::BrIf { .. }
            | O::BrTable { .. }
            | O::Return
            | O::Call { .. }
            | O::CallIndirect { .. }
            | O::Unreachable => (1, true),
            _ => (1, false),
        };
        self.fuel_pending += cost;
        if transfer && self.fuel_pending > 0 {
            let ctx = self.store_context();
            let flags = MemFlagsData::trusted();
            let used = self
                .b
                .ins()
                .load(I64, flags, ctx, STORE_CONTEXT_FUEL as i32);
            let used = self.b.ins().iadd_imm_s(used, self.fuel_pending);
            self.b
                .ins()
                .store(flags, used, ctx, STORE_CONTEXT_FUEL as i32);
            self.fuel_pending = 0;
        }
    }

    /// The checks at a function entry or loop header: out of fuel, or the
    /// epoch deadline reached, traps.
    pub(super) fn interrupt_checks(&mut self) {
        if self.env.consume_fuel {
            let ctx = self.store_context();
            let used =
                self.b
                    .ins()
                    .load(I64, MemFlagsData::trusted(), ctx, STORE_CONTEXT_FUEL as i32);
            let out = self
                .b
                .ins()
                .icmp_imm_s(IntCC::SignedGreaterThanOrEqual, used, 0);
            self.b.ins().trapnz(out, Trap::OutOfFuel.to_trap_code());
        }
        if self.env.epoch_interruption {
            let ctx = self.store_context();
            let counter = self.b.ins().load(
                I64,
                MemFlagsData::trusted().with_readonly().with_can_move(),
                ctx,
                STORE_CONTEXT_EPOCH_PTR as i32,
            );
            // An atomic load: another thread advances the epoch, and a plain
            // load could be merged with an earlier one across the loop.
            let epoch = self
                .b
                .ins()
                .atomic_load(I64, MemFlagsData::trusted(), counter);
            let deadline = self.b.ins().load(
                I64,
                MemFlagsData::trusted(),
                ctx,
                STORE_CONTEXT_EPOCH_DEADLINE as i32,
            );
            let due = self
                .b
                .ins()
                .icmp(IntCC::UnsignedGreaterThanOrEqual, epoch, deadline);
            self.b.ins().trapnz(due, Trap::Interrupt.to_trap_code());
        }
    }
}
