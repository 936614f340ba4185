//! Per-function-type trampolines, compiled with Cranelift:
//!
//! - the *entry* trampoline lets the host call any wasm function of a type
//!   with its arguments in a `ValRaw` array:
//!   `extern "C" fn(code, callee_vmctx, caller_vmctx, values: *mut ValRaw)`;
//! - the *host* trampoline has the wasm signature of the type and forwards to a
//!   host function's array shim, `fn(callee_vmctx, caller_vmctx, values, len)`,
//!   whose address it reads from the callee's context.
//!
//! The engine caches one of each per type (`Engine::entry_trampoline`,
//! `Engine::host_trampoline`).

use crate::offsets::{HOST_CTX_ARRAY_CALL, VAL_RAW_SIZE};
use crate::translate::{clif_type, wasm_signature};
use crate::types::FuncType;
use cranelift_codegen::ir::{
    types, AbiParam, Function, InstBuilder, MemFlagsData, Signature, StackSlotData, StackSlotKind,
    UserFuncName,
};
use cranelift_codegen::isa::CallConv;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};

/// CLIF of the entry trampoline for `ty`.
pub fn entry_trampoline(
    ty: &FuncType,
    call_conv: CallConv,
    fcfg: cranelift_codegen::isa::TargetFrontendConfig,
) -> Function {
    let mut sig = Signature::new(call_conv);
    sig.params.extend([AbiParam::new(types::I64); 4]);
    let mut func = Function::with_name_signature(UserFuncName::user(1, 0), sig);
    let mut fctx = FunctionBuilderContext::new();
    let mut b = FunctionBuilder::new(&mut func, &mut fctx);
    let block = b.create_block();
    b.append_block_params_for_function_params(block);
    b.switch_to_block(block);
    b.seal_block(block);
    let p = b.block_params(block).to_vec();
    let (code, callee, caller, values) = (p[0], p[1], p[2], p[3]);
    let flags = MemFlagsData::trusted();
    let mut args = vec![callee, caller];
    for (i, t) in ty.params().iter().enumerate() {
        args.push(b.ins().load(
            clif_type(*t),
            flags,
            values,
            (i as u32 * VAL_RAW_SIZE) as i32,
        ));
    }
    let wsig = b.import_signature(wasm_signature(ty, call_conv));
    let call = b.ins().call_indirect(wsig, code, &args);
    let results = b.inst_results(call).to_vec();
    for (i, r) in results.into_iter().enumerate() {
        b.ins()
            .store(flags, r, values, (i as u32 * VAL_RAW_SIZE) as i32);
    }
    b.ins().return_(&[]);
    b.finalize(fcfg);
    func
}

/// CLIF of the host trampoline for `ty`.
pub fn host_trampoline(
    ty: &FuncType,
    call_conv: CallConv,
    fcfg: cranelift_codegen::isa::TargetFrontendConfig,
) -> Function {
    let mut func =
        Function::with_name_signature(UserFuncName::user(1, 1), wasm_signature(ty, call_conv));
    let mut fctx = FunctionBuilderContext::new();
    let mut b = FunctionBuilder::new(&mut func, &mut fctx);
    let block = b.create_block();
    b.append_block_params_for_function_params(block);
    b.switch_to_block(block);
    b.seal_block(block);
    let p = b.block_params(block).to_vec();
    let (callee, caller) = (p[0], p[1]);
    let slots = ty.params().len().max(ty.results().len()).max(1) as u32;
    let slot = b.create_sized_stack_slot(StackSlotData::new(
        StackSlotKind::ExplicitSlot,
        slots * VAL_RAW_SIZE,
        4,
    ));
    let values = b.ins().stack_addr(types::I64, slot, 0);
    let flags = MemFlagsData::trusted();
    for (i, v) in p[2..].iter().enumerate() {
        b.ins()
            .store(flags, *v, values, (i as u32 * VAL_RAW_SIZE) as i32);
    }
    let shim = b.ins().load(
        types::I64,
        flags.with_readonly(),
        callee,
        HOST_CTX_ARRAY_CALL as i32,
    );
    let mut ssig = Signature::new(call_conv);
    ssig.params.extend([AbiParam::new(types::I64); 4]);
    let ssig = b.import_signature(ssig);
    let len = b.ins().iconst(types::I64, i64::from(slots));
    b.ins()
        .call_indirect(ssig, shim, &[callee, caller, values, len]);
    let mut results = Vec::new();
    for (i, t) in ty.results().iter().enumerate() {
        results.push(b.ins().load(
            clif_type(*t),
            flags,
            values,
            (i as u32 * VAL_RAW_SIZE) as i32,
        ));
    }
    b.ins().return_(&results);
    b.finalize(fcfg);
    func
}
